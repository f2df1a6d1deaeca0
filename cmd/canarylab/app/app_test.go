package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const defaultScenario = "../../../scenarios/examples/replica-ratio-75-25.yaml"

func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = Run(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	return out.String(), errOut.String(), err
}

// The same scenario and seed give byte-identical JSON reports.
func TestRunIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, stderr, err := run(t, "run", "--out", dir, defaultScenario); err != nil {
			t.Fatalf("run: %v\n%s", err, stderr)
		}
	}
	ja, err := os.ReadFile(filepath.Join(a, "replica-ratio-75-25.json"))
	if err != nil {
		t.Fatal(err)
	}
	jb, err := os.ReadFile(filepath.Join(b, "replica-ratio-75-25.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ja, jb) {
		t.Fatalf("reports differ between two runs with the same seed")
	}
	// A different seed gives a different report.
	c := t.TempDir()
	if _, _, err := run(t, "run", "--seed", "2", "--out", c, defaultScenario); err != nil {
		t.Fatal(err)
	}
	jc, _ := os.ReadFile(filepath.Join(c, "replica-ratio-75-25.json"))
	if bytes.Equal(ja, jc) {
		t.Fatalf("seed 2 gave the same report as seed 1")
	}
}

// An invalid scenario exits 2 with path and line:column, and writes nothing.
func TestRunInvalidWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	_, stderr, err := run(t, "run", "--out", dir, "testdata/invalid.yaml", defaultScenario)
	if !errors.Is(err, ErrUsage) || ExitCode(err) != 2 {
		t.Fatalf("err = %v (exit %d), want invalid input (exit 2)", err, ExitCode(err))
	}
	for _, want := range []string{
		"testdata/invalid.yaml:7:37: spec.cluster.workers[0].count: expected an integer",
		"testdata/invalid.yaml:10:5: spec.workload.stabel: unknown field",
		"testdata/invalid.yaml:15:22: spec.rollout.canary.steps[0].setWeight: must be ≥ 0",
		"testdata/invalid.yaml:16:22: spec.rollout.canary.steps[1].setWeight: weight 120 is above 100",
		"testdata/invalid.yaml:18:11: spec.rollout.canary.steps[3]: step after a final setWeight 100",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("output directory was created for an invalid run: %v", err)
	}
}

// A failed assertion exits 1 and still writes the report.
func TestRunAssertionFailure(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := run(t, "run", "--out", dir, "testdata/refused-fails.yaml")
	if !errors.Is(err, ErrAssertionFailed) || ExitCode(err) != 1 {
		t.Fatalf("err = %v (exit %d), want assertion failure (exit 1)", err, ExitCode(err))
	}
	if !strings.Contains(stdout, "FAIL") {
		t.Errorf("summary does not say FAIL:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "refused-fails.json")); err != nil {
		t.Fatalf("report not written: %v", err)
	}
}

func TestValidate(t *testing.T) {
	stdout, _, err := run(t, "validate", defaultScenario)
	if err != nil || !strings.Contains(stdout, `ok (scenario "replica-ratio-75-25")`) {
		t.Fatalf("validate: %v\n%s", err, stdout)
	}
	if _, _, err := run(t, "validate", "testdata/invalid.yaml"); ExitCode(err) != 2 {
		t.Fatalf("validate of an invalid file: exit %d, want 2", ExitCode(err))
	}
}

func TestUnknownBackendAndFlags(t *testing.T) {
	if _, _, err := run(t, "run", "--backend", "nope", defaultScenario); ExitCode(err) != 2 {
		t.Fatalf("unknown backend: exit %d, want 2 (%v)", ExitCode(err), err)
	}
	if _, _, err := run(t, "run", "--no-such-flag", defaultScenario); ExitCode(err) != 2 {
		t.Fatalf("unknown flag: exit %d, want 2 (%v)", ExitCode(err), err)
	}
}

// Trials aggregate: the report carries one result per seed.
func TestRunTrials(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := run(t, "run", "--trials", "3", "--out", dir, defaultScenario); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	js, err := os.ReadFile(filepath.Join(dir, "replica-ratio-75-25.json"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(js), `"seed":`); n < 4 {
		t.Fatalf("want the aggregate seed plus 3 trial seeds, found %d seed fields", n)
	}
}

// Exit statuses: 2 for anything wrong with the command line.
func TestUsageExitCodes(t *testing.T) {
	for _, args := range [][]string{
		{"run"},
		{"validate"},
		{"bogus"},
		{"cluster", "foo"},
		{"run", "--backend", "kind", defaultScenario},
		{"run", "--trials", "-1", defaultScenario},
		{"run", defaultScenario, "./" + defaultScenario}, // both would write the same report
	} {
		if _, _, err := run(t, args...); ExitCode(err) != ExitUsage {
			t.Errorf("%q: exit %d (%v), want %d", args, ExitCode(err), err, ExitUsage)
		}
	}
	for _, args := range [][]string{{}, {"cluster"}} {
		stdout, _, err := run(t, args...)
		if err != nil || !strings.Contains(stdout, "Usage:") {
			t.Errorf("%q: err %v, want help on stdout", args, err)
		}
	}
	if got := ExitCode(errors.New("backend exploded")); got != ExitError {
		t.Errorf("runtime error: exit %d, want %d", got, ExitError)
	}
}

// Every example scenario runs on the simulator and passes its own
// assertions.
func TestExamplesPass(t *testing.T) {
	files, err := filepath.Glob("../../../scenarios/examples/*.yaml")
	if err != nil || len(files) < 8 {
		t.Fatalf("found %d example scenarios (%v), want at least 8", len(files), err)
	}
	stdout, stderr, err := run(t, append([]string{"run", "--out", t.TempDir()}, files...)...)
	if err != nil {
		t.Fatalf("examples: %v\n%s\n%s", err, stdout, stderr)
	}
	if n := strings.Count(stdout, ": PASS\n"); n != len(files) {
		t.Fatalf("%d of %d examples passed:\n%s", n, len(files), stdout)
	}
}
