// Command etcd is the etcd server of the canarylab node image: a thin wrapper
// around go.etcd.io/etcd/server/v3/etcdmain, built from the Go module proxy
// because the etcd repository's root module (which holds etcd's own main) is
// not published with usable versions.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
