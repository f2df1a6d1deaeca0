package clusters

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
)

// fakeKind stands in for kind's provider: node "containers" are names;
// Delete removes them all unless stuck.
type fakeKind struct {
	mu      sync.Mutex
	nodes   []string
	deletes int
	stuck   bool
	create  func(f *fakeKind, cancel context.CancelFunc) error
	cancel  context.CancelFunc
	release chan struct{} // closed when the test ends
}

type fakeNode struct {
	nodes.Node // nil: only String is called
	name       string
}

func (n fakeNode) String() string { return n.name }

func (f *fakeKind) Create(string, ...cluster.CreateOption) error { return f.create(f, f.cancel) }

func (f *fakeKind) Delete(string, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes++
	if !f.stuck {
		f.nodes = nil
	}
	return nil
}

func (f *fakeKind) ListNodes(string) ([]nodes.Node, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ns []nodes.Node
	for _, n := range f.nodes {
		ns = append(ns, fakeNode{name: n})
	}
	return ns, nil
}

func (f *fakeKind) add(names ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nodes = append(f.nodes, names...)
}

func (f *fakeKind) state() (nodes, deletes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.nodes), f.deletes
}

// waitFor polls cond every millisecond for up to 5 s.
func waitFor(cond func() bool) bool {
	for range 5000 {
		if cond() {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

func TestCreateCancellable(t *testing.T) {
	errKubeadm := errors.New("kubeadm init failed")
	tests := []struct {
		name        string
		stuck       bool
		create      func(f *fakeKind, cancel context.CancelFunc) error
		budget      time.Duration
		retain      bool
		wantErr     []error // errors.Is targets
		wantDeletes int     // minimum number of Delete calls by createCancellable
	}{
		{
			name: "completes",
			create: func(f *fakeKind, _ context.CancelFunc) error {
				f.add("cp", "w1")
				return nil
			},
		},
		{
			name:        "fails on its own",
			create:      func(*fakeKind, context.CancelFunc) error { return errKubeadm },
			wantErr:     []error{errKubeadm},
			wantDeletes: 1,
		},
		{
			// kind returns at the first failed node while another node's
			// docker run is still in flight.
			name: "fails with a container still coming",
			create: func(f *fakeKind, _ context.CancelFunc) error {
				f.add("cp")
				go func() { time.Sleep(30 * time.Millisecond); f.add("w1") }()
				return errKubeadm
			},
			wantErr:     []error{errKubeadm},
			wantDeletes: 2,
		},
		{
			name:    "fails with retain",
			retain:  true,
			create:  func(f *fakeKind, _ context.CancelFunc) error { f.add("cp"); return errKubeadm },
			wantErr: []error{errKubeadm},
		},
		{
			name: "cancelled with a container still coming after create returns",
			create: func(f *fakeKind, cancel context.CancelFunc) error {
				f.add("cp")
				cancel()
				go func() { time.Sleep(30 * time.Millisecond); f.add("w1") }()
				return errors.New("interrupted")
			},
			retain:      true, // cancellation deletes even with retain
			wantErr:     []error{context.Canceled},
			wantDeletes: 2,
		},
		{
			// Cancelled while provisioning; a docker run in flight adds a
			// node after the first delete; kind notices its nodes are gone.
			name: "cancelled while provisioning",
			create: func(f *fakeKind, cancel context.CancelFunc) error {
				f.add("cp", "w1")
				cancel()
				waitFor(func() bool { _, d := f.state(); return d >= 1 })
				f.add("w2")
				waitFor(func() bool { n, _ := f.state(); return n == 0 })
				return errors.New("docker exec: no such container")
			},
			wantErr:     []error{context.Canceled},
			wantDeletes: 3,
		},
		{
			name: "finished just as cancelled",
			create: func(f *fakeKind, cancel context.CancelFunc) error {
				f.add("cp", "w1", "w2", "w3")
				cancel()
				return nil
			},
			wantErr:     []error{context.Canceled},
			wantDeletes: 1,
		},
		{
			name: "create hangs",
			create: func(f *fakeKind, cancel context.CancelFunc) error {
				cancel()
				<-f.release // a hung kind step
				return nil
			},
			budget:      50 * time.Millisecond,
			wantErr:     []error{context.Canceled, ErrAbortIncomplete},
			wantDeletes: 1,
		},
		{
			name:   "containers survive delete",
			stuck:  true,
			budget: 100 * time.Millisecond,
			create: func(f *fakeKind, cancel context.CancelFunc) error {
				f.add("cp")
				cancel()
				return errors.New("interrupted")
			},
			wantErr:     []error{context.Canceled, ErrAbortIncomplete},
			wantDeletes: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := &fakeKind{create: tt.create, cancel: cancel, stuck: tt.stuck, release: make(chan struct{})}
			defer close(f.release)
			at := abortTiming{retry: 5 * time.Millisecond, quiet: 100 * time.Millisecond, budget: 5 * time.Second}
			if tt.budget > 0 {
				at.budget = tt.budget
			}
			err := createCancellable(ctx, f, "c", "", nil, tt.retain, at)
			for _, want := range tt.wantErr {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want it to wrap %v", err, want)
				}
			}
			if len(tt.wantErr) == 0 && err != nil {
				t.Errorf("err = %v, want nil", err)
			}
			n, deletes := f.state()
			if deletes < tt.wantDeletes || (tt.wantDeletes == 0 && deletes != 0) {
				t.Errorf("%d deletes, want at least %d (exactly 0 when nothing needs deleting)", deletes, tt.wantDeletes)
			}
			if err != nil && !tt.stuck && !(tt.retain && !errors.Is(err, context.Canceled)) && n != 0 {
				t.Errorf("%d node containers left after a failed or cancelled create", n)
			}
			if tt.retain && !errors.Is(err, context.Canceled) && n == 0 {
				t.Error("retain: the failed cluster's nodes were deleted")
			}
		})
	}
}
