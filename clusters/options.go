package clusters

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultName is the cluster name used when none is given.
const DefaultName = "canarylab"

// DefaultWait bounds how long Up waits for a cluster to become ready.
const DefaultWait = 5 * time.Minute

// ErrNoImage is returned by Up when no node image was given: kind would
// otherwise try to pull its published image, which offline machines cannot.
var ErrNoImage = errors.New("no node image given")

// Option configures Up. Options are values whose apply method is
// unexported, so an option can reject a bad value.
type Option interface {
	apply(*upOptions) error
}

type upOptions struct {
	image          string
	config         *Config
	wait           time.Duration
	kubeconfigPath string
	retain         bool
}

type optionFunc func(*upOptions) error

func (f optionFunc) apply(o *upOptions) error { return f(o) }

// WithImage sets the node image every node runs. It must be present in the
// local container engine (kind pulls missing images, which fails offline).
func WithImage(image string) Option {
	return optionFunc(func(o *upOptions) error {
		if strings.TrimSpace(image) == "" {
			return ErrNoImage
		}
		o.image = image
		return nil
	})
}

// WithConfig sets the topology (default: DefaultConfig).
func WithConfig(c *Config) Option {
	return optionFunc(func(o *upOptions) error {
		if c == nil {
			return fmt.Errorf("%w: nil config", ErrInvalidConfig)
		}
		if err := c.Validate(); err != nil {
			return err
		}
		o.config = c
		return nil
	})
}

// WithWait bounds how long Up waits for nodes, CoreDNS and kube-proxy to be
// ready (default DefaultWait).
func WithWait(d time.Duration) Option {
	return optionFunc(func(o *upOptions) error {
		if d <= 0 {
			return fmt.Errorf("wait %v: must be positive", d)
		}
		o.wait = d
		return nil
	})
}

// WithKubeconfigPath makes Up write the cluster's kubeconfig to path (by
// default kind's: $KUBECONFIG or ~/.kube/config).
func WithKubeconfigPath(path string) Option {
	return optionFunc(func(o *upOptions) error {
		o.kubeconfigPath = path
		return nil
	})
}

// WithRetain keeps the nodes of a cluster whose creation failed, for
// debugging. Cancellation still deletes them.
func WithRetain(retain bool) Option {
	return optionFunc(func(o *upOptions) error {
		o.retain = retain
		return nil
	})
}

func buildOptions(opts []Option) (*upOptions, error) {
	o := &upOptions{wait: DefaultWait}
	for _, opt := range opts {
		if err := opt.apply(o); err != nil {
			return nil, err
		}
	}
	if o.image == "" {
		return nil, ErrNoImage
	}
	if o.config == nil {
		o.config = DefaultConfig()
	}
	return o, nil
}
