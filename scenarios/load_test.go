package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canarylab/canarylab/loadgen"
	"github.com/canarylab/canarylab/rollout"
	sigsyaml "sigs.k8s.io/yaml"
)

func dur(d time.Duration) rollout.Duration { return rollout.Duration(d) }

func i32(v int32) *int32 { return &v }

// TestLoadFromRolloutFile reads the canary strategy and replicas from an
// Argo Rollout manifest (second document of rollout.yaml).
func TestLoadFromRolloutFile(t *testing.T) {
	s, err := Load("testdata/valid/from-file.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Spec.Rollout.Canary
	checks := []struct {
		name      string
		got, want any
	}{
		{"replicas from the Rollout", s.Spec.Workload.Replicas, int32(5)},
		{"gateway", *c.TrafficRouting.Plugins.GatewayAPI, rollout.GatewayAPIRouting{HTTPRoute: "demo", Namespace: "default"}},
		{"steps", len(c.Steps), 3},
		{"step 1", *c.Steps[1].Pause.Duration, dur(time.Minute)},
		{"nodes", len(s.Spec.Cluster.Nodes()), 3},
		{"node name (default)", s.Spec.Cluster.Workers[0].Name, DefaultNodeName},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestDefault(t *testing.T) {
	var s Scenario
	s.Spec.Cluster.Workers = []NodeGroup{{}, {Name: "big", Count: 3}}
	s.Default()
	yes, grace := true, int64(30)
	want := Spec{
		Cluster: Cluster{Workers: []NodeGroup{{Name: "worker", Count: 1}, {Name: "big", Count: 3}}},
		Workload: Workload{
			Stable: VersionBehavior{TerminationGracePeriodSeconds: &grace, Shutdown: ShutdownGraceful},
			Canary: VersionBehavior{TerminationGracePeriodSeconds: &grace, Shutdown: ShutdownGraceful},
		},
		Load: loadgen.Spec{Pacer: loadgen.PacerSpec{Type: loadgen.PacerConstant}, Workers: 10,
			Timeout: dur(30 * time.Second), KeepAlive: &yes, Clients: 1},
		Trials: 1,
		Seed:   1,
	}
	if !reflect.DeepEqual(s.Spec, want) {
		t.Errorf("Default:\n got %+v\nwant %+v", s.Spec, want)
	}
	before := s.Spec
	s.Default()
	if !reflect.DeepEqual(s.Spec, before) {
		t.Error("Default is not idempotent")
	}
}

func TestFieldErrorFormat(t *testing.T) {
	tests := []struct {
		e    FieldError
		want string
	}{
		{FieldError{"a.yaml", 12, 7, "spec.rollout.canary.steps[3].setWeight", "weight 120 is above 100"},
			"a.yaml:12:7: spec.rollout.canary.steps[3].setWeight: weight 120 is above 100"},
		{FieldError{"a.yaml", 3, 0, "", "bad"}, "a.yaml:3: bad"},
		{FieldError{"a.yaml", 0, 0, "spec", "bad"}, "a.yaml: spec: bad"},
		{FieldError{"", 0, 0, "spec", "bad"}, "spec: bad"},
		{FieldError{"", 0, 0, "", "bad"}, "bad"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	l := ErrorList{&tests[0].e, &tests[1].e}
	if got, want := l.Error(), tests[0].want+"\n"+tests[1].want; got != want {
		t.Errorf("ErrorList.Error() = %q, want %q", got, want)
	}
}

func TestErrorsAs(t *testing.T) {
	_, err := Parse("x.yaml", []byte("apiVersion: v1\n"))
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("errors.As(ErrorList) failed on %v", err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe != list[0] {
		t.Fatalf("errors.As(*FieldError) = %v, want the first error %v", fe, list[0])
	}
	found := false
	for _, e := range list {
		found = found || *e == FieldError{"x.yaml", 1, 13, "apiVersion", `must be "canarylab.dev/v1alpha1", got "v1"`}
	}
	if !found {
		t.Errorf("no apiVersion error at x.yaml:1:13 in\n%v", list)
	}
	if _, err := Load("testdata/no-such-file.yaml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want an os.ErrNotExist", err)
	}
}

// minimal is a valid scenario the tests below vary.
const minimal = `apiVersion: canarylab.dev/v1alpha1
kind: Scenario
metadata: {name: m}
spec:
  cluster: {workers: [{}]}
  workload: {replicas: 2}
  router: {type: service}
  rollout:
    analysisTemplates:
      - name: t
        metrics:
          - name: ok
            successCondition: %s
            provider: {dataPlane: {query: successRate}}
    canary:
      steps: [{setWeight: 50}, {analysis: {templates: [{templateName: t}]}}]
  load: {pacer: {rate: 10}, duration: 10s}
`

func TestConditions(t *testing.T) {
	tests := []struct {
		cond string
		ok   bool
	}{
		{"result >= 0.99", true},
		{"result[0] < 1 && result > 0.5", true},
		{"result >=", false},
		{"result + ", false},
		{"0.99", false},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(strings.Replace(minimal, "%s", "'"+tc.cond+"'", 1)))
			if tc.ok && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !tc.ok && (err == nil || !strings.HasPrefix(err.Error(),
				"c.yaml:13:31: spec.rollout.analysisTemplates[0].metrics[0].successCondition: ")) {
				t.Fatalf("got %v, want an error at c.yaml:13:31 successCondition", err)
			}
		})
	}
}

// TestValidate checks a scenario built in Go: the loaded example is valid;
// changes make it invalid with path-only errors.
func TestValidate(t *testing.T) {
	s, err := Parse("m.yaml", []byte(strings.Replace(minimal, "%s", "result > 0", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("loaded scenario: %v", err)
	}
	if got := s.Spec.Rollout.Canary.Steps[1].Analysis.Metrics; len(got) != 1 || got[0].Name != "ok" {
		t.Fatalf("resolved metrics = %+v, want the template's metric ok", got)
	}
	tests := []struct {
		change func(s *Scenario)
		want   string
	}{
		{func(s *Scenario) { s.Spec.Workload.Replicas = 0 }, "m.yaml: spec.workload.replicas: must be ≥ 1"},
		{func(s *Scenario) { s.Spec.Rollout.Canary.Steps[0].SetWeight = i32(101) },
			"m.yaml: spec.rollout.canary.steps[0].setWeight: weight 101 is above 100"},
		{func(s *Scenario) { s.Spec.Rollout.Canary.Steps[1].Analysis.Metrics[0].Name = "changed" },
			"m.yaml: spec.rollout.canary.steps[1].analysis.metrics: set templates or metrics, not both"},
		{func(s *Scenario) {
			s.Spec.Chaos = []ChaosEvent{{At: ptr(dur(time.Second)), Action: ChaosKill, Node: "worker-9"}}
		},
			`m.yaml: spec.chaos[0].node: unknown node "worker-9" (workers: worker)`},
	}
	for _, tc := range tests {
		c, err := Parse("m.yaml", []byte(strings.Replace(minimal, "%s", "result > 0", 1)))
		if err != nil {
			t.Fatal(err)
		}
		tc.change(c)
		if err := c.Validate(); err == nil || err.Error() != tc.want {
			t.Errorf("Validate() = %v, want %q", err, tc.want)
		}
	}
}

func TestLoadRelativeRolloutFileFromOtherDir(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/valid/rollout.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "argo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "argo", "r.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	sc := strings.Replace(minimal, "    canary:\n      steps: [{setWeight: 50}, {analysis: {templates: [{templateName: t}]}}]\n",
		"    file: argo/r.yaml\n", 1)
	sc = strings.Replace(sc, "%s", "result > 0", 1)
	sc = strings.Replace(sc, "type: service", "type: gatewayAPI", 1)
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(sc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(filepath.Join(dir, "s.yaml"))
	want := filepath.Join(dir, "argo", "r.yaml") + ":13:13: spec.replicas: 5 disagrees with spec.workload.replicas 2 in " + filepath.Join(dir, "s.yaml")
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestRoundTrip writes each loaded valid scenario back out by its json tags
// (as sigs.k8s.io/yaml does) and loads it again: the two must be equal, so
// the loader reads exactly the field names the types declare.
func TestRoundTrip(t *testing.T) {
	for _, f := range []string{"testdata/valid/full.yaml", "testdata/valid/from-file.yaml"} {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			s.Spec.Rollout.File = "" // the strategy is inline now
			out, err := sigsyaml.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Parse(f, out)
			if err != nil {
				t.Fatalf("reload:\n%v\n%s", err, out)
			}
			if !reflect.DeepEqual(s, again) {
				t.Errorf("round trip differs:\n%+v\n%+v", s, again)
			}
		})
	}
}
