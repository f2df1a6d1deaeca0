//go:build !linux

package podnet

import (
	"errors"
	"net/netip"
)

var errNotLinux = errors.New("podnet: routes need Linux netlink")

type unsupportedRoutes struct{}

func newRouteTable() routeTable { return unsupportedRoutes{} }

func (unsupportedRoutes) List() ([]Route, error)    { return nil, errNotLinux }
func (unsupportedRoutes) Replace(Route) error       { return errNotLinux }
func (unsupportedRoutes) Delete(netip.Prefix) error { return errNotLinux }
