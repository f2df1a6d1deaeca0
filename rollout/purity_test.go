package rollout

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The core must not depend on client-go, kind or vegeta (DESIGN.md).
func TestNoBackendDependencies(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go binary not found: cannot list dependencies")
	}
	out, err := exec.Command(goBin, "list", "-deps", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"k8s.io/client-go", "sigs.k8s.io/kind", "github.com/tsenart/vegeta"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("rollout depends on %s", dep)
			}
		}
	}
}

// The core never reads the wall clock, sleeps or uses unseeded randomness.
func TestNoClockOrSleep(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, banned := range []string{"time.Now(", "time.Sleep(", "time.Since(", "time.Until(", "time.After(", "time.Tick(", "time.NewTimer(", "time.NewTicker(", "time.AfterFunc(", "\"math/rand\"", "\"math/rand/v2\"", "go func"} {
			if strings.Contains(string(b), banned) {
				t.Errorf("%s uses %s", f, banned)
			}
		}
	}
}
