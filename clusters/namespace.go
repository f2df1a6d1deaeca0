package clusters

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"

	"github.com/canarylab/canarylab/internal/logging"
)

// Labels on every run namespace, so leftovers can be found and removed.
const (
	ManagedByLabel = "app.kubernetes.io/managed-by"
	ManagedByValue = "canarylab"
	RunLabel       = "canarylab.io/run-prefix"
)

// ErrInvalidPrefix marks a namespace prefix that is not a DNS label.
var ErrInvalidPrefix = errors.New("invalid namespace prefix")

// maxPrefix leaves room for "-" and the 5-character suffix in a 63-character
// DNS label.
const maxPrefix = 63 - 6

var dnsLabelPrefix = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// namespaceGonePoll is how often a cleanup checks whether the namespace is
// gone.
const namespaceGonePoll = 500 * time.Millisecond

// RunNamespace creates a fresh namespace named <prefix>-<5 random
// characters> for one scenario run, so runs never share objects and a
// cluster can be reused across runs. cleanup deletes the namespace and waits
// until it is gone (its pods have terminated) or its ctx ends.
func (c *Cluster) RunNamespace(ctx context.Context, prefix string) (name string, cleanup func(context.Context) error, err error) {
	return runNamespace(ctx, c.client, prefix)
}

func runNamespace(ctx context.Context, cs kubernetes.Interface, prefix string) (string, func(context.Context) error, error) {
	if len(prefix) > maxPrefix || !dnsLabelPrefix.MatchString(prefix) {
		return "", nil, fmt.Errorf("%w %q: want at most %d of a-z, 0-9, '-', starting and ending alphanumeric",
			ErrInvalidPrefix, prefix, maxPrefix)
	}
	const attempts = 5
	for range attempts {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
			Name:   prefix + "-" + utilrand.String(5),
			Labels: map[string]string{ManagedByLabel: ManagedByValue, RunLabel: prefix},
		}}
		created, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("create run namespace %s: %w", ns.Name, err)
		}
		logging.From(ctx).Info("created run namespace", "namespace", created.Name)
		return created.Name, func(ctx context.Context) error { return deleteNamespace(ctx, cs, created.Name) }, nil
	}
	return "", nil, fmt.Errorf("create run namespace %s-*: %d names taken", prefix, attempts)
}

// deleteNamespace deletes name and waits until the API server no longer has
// it.
func deleteNamespace(ctx context.Context, cs kubernetes.Interface, name string) error {
	err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("delete run namespace %s: %w", name, err)
	}
	tick := time.NewTicker(namespaceGonePoll)
	defer tick.Stop()
	for {
		_, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			logging.From(ctx).Info("deleted run namespace", "namespace", name)
			return nil
		}
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("wait for run namespace %s to go: %w", name, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for run namespace %s to go: %w", name, ctx.Err())
		case <-tick.C:
		}
	}
}
