package clusters

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func TestRunNamespace(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset()
	taken := 0
	cs.PrependReactor("create", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		if taken < 2 { // the first two names are taken
			taken++
			return true, nil, apierrors.NewAlreadyExists(schema.GroupResource{Resource: "namespaces"}, "x")
		}
		return false, nil, nil
	})
	name, cleanup, err := runNamespace(ctx, cs, "split-75")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "split-75-") || len(name) != len("split-75-")+5 {
		t.Errorf("name %q, want split-75- and 5 characters", name)
	}
	ns, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("namespace not created: %v", err)
	}
	if ns.Labels[ManagedByLabel] != ManagedByValue || ns.Labels[RunLabel] != "split-75" {
		t.Errorf("labels %v", ns.Labels)
	}

	other, cleanupOther, err := runNamespace(ctx, cs, "split-75")
	if err != nil || other == name {
		t.Errorf("second namespace %q, %v: want a distinct name", other, err)
	}
	if err := cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("namespace still there after cleanup: %v", err)
	}
	if _, err := cs.CoreV1().Namespaces().Get(ctx, other, metav1.GetOptions{}); err != nil {
		t.Errorf("cleanup removed the other run's namespace: %v", err)
	}
	if err := cleanup(ctx); err != nil {
		t.Errorf("second cleanup: %v, want nil (already gone)", err)
	}
	if err := cleanupOther(ctx); err != nil {
		t.Error(err)
	}
}

func TestRunNamespaceWaitsForDeletion(t *testing.T) {
	cs := fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "run-abcde"}})
	// The API server keeps a namespace (Terminating) until its pods are gone:
	// deletion succeeds but the object stays.
	cs.PrependReactor("delete", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond) // a few polls
	defer cancel()
	if err := deleteNamespace(ctx, cs, "run-abcde"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the wait to end with the context", err)
	}
}

func TestRunNamespacePrefix(t *testing.T) {
	tests := []struct {
		prefix string
		ok     bool
	}{
		{"split", true},
		{"a-b-1", true},
		{strings.Repeat("a", 57), true},
		{strings.Repeat("a", 58), false},
		{"", false},
		{"Split", false},
		{"split-", false},
		{"split.x", false},
	}
	for _, tt := range tests {
		_, _, err := runNamespace(context.Background(), fake.NewClientset(), tt.prefix)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidPrefix)) {
			t.Errorf("prefix %q: err = %v, want ok=%v", tt.prefix, err, tt.ok)
		}
	}
}
