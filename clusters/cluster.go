package clusters

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/kind/pkg/cluster"

	"github.com/canarylab/canarylab/internal/logging"
)

// ErrInvalidName marks a cluster name kind cannot use.
var ErrInvalidName = errors.New("invalid cluster name")

// ErrMismatch is returned by Up when a cluster of that name exists but does
// not have the requested topology.
var ErrMismatch = errors.New("existing cluster does not match")

// Cluster is a running kind cluster that Up created or reused.
type Cluster struct {
	// Name is the kind cluster name (node containers carry the label
	// io.x-k8s.kind.cluster=<Name>).
	Name string
	// Image is the node image Up was given.
	Image string
	// Config is the requested topology.
	Config *Config
	// KubeconfigPath is where the kubeconfig was written ("" for kind's
	// default: $KUBECONFIG or ~/.kube/config).
	KubeconfigPath string
	// Reused is true when Up found the cluster already running.
	Reused bool
	// CreateTime is how long kind took to create the nodes and run kubeadm
	// (zero when reused); ReadyTime how long Up then waited for readiness.
	CreateTime, ReadyTime time.Duration
	// Readiness is the check that let Up return.
	Readiness Readiness

	rest     *rest.Config
	client   kubernetes.Interface
	provider *cluster.Provider
}

// RESTConfig returns a copy of the client configuration for the cluster's
// API server (as seen from this host).
func (c *Cluster) RESTConfig() *rest.Config { return rest.CopyConfig(c.rest) }

// Client returns a clientset for the cluster.
func (c *Cluster) Client() kubernetes.Interface { return c.client }

// Delete deletes the cluster's node containers and its kubeconfig entry.
func (c *Cluster) Delete(ctx context.Context) error {
	return down(ctx, c.provider, c.Name, c.KubeconfigPath)
}

// clusterNameMax is kind's limit (host names are at most 64 characters and
// kind appends "-control-plane").
const clusterNameMax = 50

var validName = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`)

// ValidateName checks that name is a usable kind cluster name.
func ValidateName(name string) error {
	if len(name) > clusterNameMax || !validName.MatchString(name) {
		return fmt.Errorf("%w %q: want at most %d of a-z, 0-9, '.', '-', starting and ending alphanumeric",
			ErrInvalidName, name, clusterNameMax)
	}
	return nil
}

// newProvider returns kind's Docker provider logging through ctx's logger.
func newProvider(ctx context.Context) *cluster.Provider {
	return cluster.NewProvider(
		cluster.ProviderWithDocker(),
		cluster.ProviderWithLogger(kindLogger{l: logging.From(ctx)}),
	)
}

// attach builds the API clients for a cluster that kind knows.
func attach(p *cluster.Provider, name string, o *upOptions) (*Cluster, error) {
	kubeconfig, err := p.KubeConfig(name, false)
	if err != nil {
		return nil, fmt.Errorf("get kubeconfig of cluster %q: %w", name, err)
	}
	rc, err := clientcmd.RESTConfigFromKubeConfig([]byte(kubeconfig))
	if err != nil {
		return nil, fmt.Errorf("parse kubeconfig of cluster %q: %w", name, err)
	}
	rc.QPS, rc.Burst = 50, 100
	cs, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("client for cluster %q: %w", name, err)
	}
	return &Cluster{
		Name:           name,
		Image:          o.image,
		Config:         o.config,
		KubeconfigPath: o.kubeconfigPath,
		rest:           rc,
		client:         cs,
		provider:       p,
	}, nil
}
