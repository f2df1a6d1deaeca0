package scenarios

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// invalidCases are the files under testdata/invalid with the exact error
// lines Load must report (the "testdata/invalid/" prefix removed). Each line
// and column was checked by hand against the file.
var invalidCases = []struct {
	file string
	want []string
}{
	{"anchors.yaml", []string{
		`anchors.yaml:9:13: spec.workload.stable: anchors (&v) are not supported`,
		`anchors.yaml:10:13: spec.workload.canary: aliases (*v) are not supported: write the value out`,
	}},
	{"duplicate-key.yaml", []string{
		`duplicate-key.yaml:13:11: spec.rollout.canary.steps[0].setWeight: duplicate key "setWeight" (first at line 12)`,
		`duplicate-key.yaml:17:25: spec.load.headers.X-A: duplicate key "X-A" (first at line 17)`,
		`duplicate-key.yaml:18:3: spec.load: duplicate key "load" (first at line 14)`,
	}},
	{"empty-spec.yaml", []string{
		`empty-spec.yaml:4:7: spec.cluster.workers: at least one worker is required`,
		`empty-spec.yaml:4:7: spec.workload.replicas: must be ≥ 1`,
		`empty-spec.yaml:4:7: spec.router.type: required: one of "service", "nginx", "gatewayAPI" or "istio"`,
		`empty-spec.yaml:4:7: spec.rollout: set canary (the Argo spec.strategy.canary) or file (an Argo Rollout manifest)`,
		`empty-spec.yaml:4:7: spec.load.pacer.rate: must be > 0 (requests per second)`,
		`empty-spec.yaml:4:7: spec.load.duration: must be > 0`,
	}},
	{"empty.yaml", []string{
		`empty.yaml: file is empty: want one Scenario document`,
	}},
	{"max-traffic-weight.yaml", []string{
		`max-traffic-weight.yaml:16:22: spec.rollout.canary.steps[1].setWeight: weight 1200 is above maxTrafficWeight 1000`,
		`max-traffic-weight.yaml:18:11: spec.rollout.canary.steps[3]: step after a final setWeight 1000`,
	}},
	{"missing-node.yaml", []string{
		`missing-node.yaml:16:36: spec.chaos[0].node: unknown node "worker" (workers: worker-1, worker-2)`,
		`missing-node.yaml:17:7: spec.chaos[1].node: required for action "drain": a worker name, "canary" or "stable"`,
		`missing-node.yaml:18:40: spec.chaos[2].node: action "abort" is a rollout command and takes no node`,
		`missing-node.yaml:19:16: spec.chaos[3].atStep: 2 is not a step index (the rollout has 2 steps)`,
		`missing-node.yaml:20:7: spec.chaos[4]: set exactly one of at and atStep`,
		`missing-node.yaml:20:35: spec.chaos[4].action: unknown value "explode": want "cordon", "uncordon", "drain", "kill", "stop", "pause", "restart", "abort", "promote", "promoteFull" or "retry"`,
	}},
	{"multi-doc.yaml", []string{
		`multi-doc.yaml:5:1: multiple documents: a scenario file holds exactly one`,
	}},
	{"negative-weight.yaml", []string{
		`negative-weight.yaml:14:22: spec.rollout.canary.steps[0].setWeight: must be ≥ 0`,
		`negative-weight.yaml:15:36: spec.rollout.canary.steps[1].setCanaryScale.weight: must be ≥ 0`,
	}},
	{"pdb-both.yaml", []string{
		`pdb-both.yaml:9:5: spec.pdb: set exactly one of minAvailable and maxUnavailable`,
		`pdb-both.yaml:11:33: spec.pdb.unhealthyPodEvictionPolicy: unknown value "Never": want "IfHealthyBudget" or "AlwaysAllow"`,
	}},
	{"rollout-file-missing.yaml", []string{
		`rollout-file-missing.yaml:10:11: spec.rollout.file: read Argo Rollout manifest: stat no-such-rollout.yaml: no such file or directory`,
	}},
	{"rollout-file-blue-green.yaml", []string{
		`argo/blue-green.yaml:6:5: spec.strategy.canary: required: canarylab runs canary strategies only`,
	}},
	{"rollout-file-both.yaml", []string{
		`rollout-file-both.yaml:10:11: spec.rollout.file: set canary or file, not both`,
	}},
	{"rollout-file.yaml", []string{
		`argo/bad-rollout.yaml:5:13: spec.replicas: 3 disagrees with spec.workload.replicas 4 in rollout-file.yaml`,
		`argo/bad-rollout.yaml:9:38: spec.strategy.canary.trafficRouting.nginx.annotationPrefx: unknown field "annotationPrefx" (did you mean "annotationPrefix"?)`,
		`argo/bad-rollout.yaml:11:22: spec.strategy.canary.steps[0].setWeight: weight 150 is above 100`,
	}},
	{"router-mismatch-gateway.yaml", []string{
		`router-mismatch-gateway.yaml:12:9: spec.rollout.canary.trafficRouting: router type "gatewayAPI" needs trafficRouting.plugins["argoproj-labs/gatewayAPI"], got trafficRouting.istio`,
	}},
	{"router-mismatch.yaml", []string{
		`router-mismatch.yaml:8:44: spec.router.sessionAffinity: cookie affinity is an ingress-nginx setting: use it with router type "nginx"`,
		`router-mismatch.yaml:12:9: spec.rollout.canary.trafficRouting: router type "service" takes no trafficRouting (the split follows ready pods); remove it or set router type "nginx"`,
	}},
	{"router-missing-routing.yaml", []string{
		`router-missing-routing.yaml:8:18: spec.router.type: router type "nginx" needs trafficRouting.nginx in the canary strategy`,
		`router-missing-routing.yaml:12:27: spec.rollout.canary.steps[0].setCanaryScale: needs a traffic router (trafficRouting): without one the split follows pod counts`,
		`router-missing-routing.yaml:12:27: spec.rollout.canary.steps[0].setCanaryScale: set exactly one of weight, replicas and matchTrafficWeight: true`,
	}},
	{"semantic.yaml", []string{
		`semantic.yaml:1:13: apiVersion: must be "canarylab.dev/v1alpha1", got "canarylab.dev/v1beta1"`,
		`semantic.yaml:3:11: metadata.name: required`,
		`semantic.yaml:8:16: spec.cluster.workers[1].name: node name "worker-2" is used twice (groups with count > 1 become name-1..name-N)`,
		`semantic.yaml:9:16: spec.cluster.workers[2].name: "Bad_Name" is not a valid node name (lower-case letters, digits and '-')`,
		`semantic.yaml:11:15: spec.workload.replicas: must be ≥ 1`,
		`semantic.yaml:13:18: spec.workload.stable.errorRate: 1.5 is not in [0, 1]`,
		`semantic.yaml:14:33: spec.workload.stable.latency.p99: 10ms is below p50 50ms`,
		`semantic.yaml:15:38: spec.workload.stable.terminationGracePeriodSeconds: must be ≥ 0`,
		`semantic.yaml:17:16: spec.workload.canary.latency: set both p50 and p99, or neither`,
		`semantic.yaml:18:17: spec.workload.canary.shutdown: unknown value "sudden": want "graceful" or "abrupt"`,
		`semantic.yaml:20:23: spec.topology.spread.maxSkew: must be ≥ 1`,
		`semantic.yaml:20:39: spec.topology.spread.topologyKey: unknown value "rack": want "zone" or "hostname"`,
		`semantic.yaml:21:18: spec.router.type: unknown value "envoy": want "service", "nginx", "gatewayAPI" or "istio"`,
		`semantic.yaml:28:27: spec.rollout.analysisTemplates[0].metrics[0].failureLimit: must be ≥ 0`,
		`semantic.yaml:29:62: spec.rollout.analysisTemplates[0].metrics[0].provider.dataPlane.quantile: latency needs a quantile in (0, 1), e.g. 0.99; got 1`,
		`semantic.yaml:30:19: spec.rollout.analysisTemplates[0].metrics[1].name: metric name "lat" is used twice`,
		`semantic.yaml:31:23: spec.rollout.analysisTemplates[0].metrics[1].provider.dataPlane: required (canarylab measures its own data plane)`,
		`semantic.yaml:34:11: spec.rollout.canary.steps[0]: a step sets exactly one of setWeight, pause, setCanaryScale and analysis (got 0)`,
		`semantic.yaml:35:11: spec.rollout.canary.steps[1]: a step sets exactly one of setWeight, pause, setCanaryScale and analysis (got 2)`,
		`semantic.yaml:37:19: spec.load.pacer.type: unknown value "ramp": want "constant", "linear" or "sine"`,
		`semantic.yaml:37:31: spec.load.pacer.rate: must be > 0 (requests per second)`,
		`semantic.yaml:38:15: spec.load.duration: must be > 0`,
		`semantic.yaml:39:14: spec.load.workers: must be ≥ 0`,
		`semantic.yaml:41:20: spec.assertions.split.alpha: 1 is not in (0, 1)`,
		`semantic.yaml:42:19: spec.assertions.maxErrorRate: 2 is not in [0, 1]`,
		`semantic.yaml:43:12: spec.assertions.phase: unknown value "Done": want "Healthy", "Degraded" or "Paused"`,
		`semantic.yaml:44:11: spec.trials: must be ≥ 1 (or left out for 1)`,
	}},
	{"step-after-final-100.yaml", []string{
		`step-after-final-100.yaml:16:11: spec.rollout.canary.steps[4]: step after a final setWeight 100`,
		`step-after-final-100.yaml:17:11: spec.rollout.canary.steps[5]: step after a final setWeight 100`,
		`step-after-final-100.yaml:18:11: spec.rollout.canary.steps[6]: step after a final setWeight 100`,
	}},
	{"syntax.yaml", []string{
		`syntax.yaml: invalid YAML: line 2: did not find expected ',' or '}'`,
	}},
	{"unknown-field.yaml", []string{
		`unknown-field.yaml:8:5: spec.workload.replica: unknown field "replica" (did you mean "replicas"?)`,
		`unknown-field.yaml:13:11: spec.rollout.canary.steps[0].setweight: unknown field "setweight" (did you mean "setWeight"?)`,
		`unknown-field.yaml:14:34: spec.rollout.canary.steps[1].pause.until: unknown field "until"`,
	}},
	{"unknown-template.yaml", []string{
		`unknown-template.yaml:22:31: spec.rollout.canary.steps[1].analysis.templates[1].templateName: unknown analysis template "latency" (defined in spec.rollout.analysisTemplates: success-rate)`,
	}},
	{"weight-above-100.yaml", []string{
		`weight-above-100.yaml:15:22: spec.rollout.canary.steps[0].setWeight: weight 120 is above 100`,
		`weight-above-100.yaml:16:36: spec.rollout.canary.steps[1].setCanaryScale.weight: weight 101 is above 100`,
	}},
	{"wrong-type.yaml", []string{
		`wrong-type.yaml:6:14: spec.cluster.workers: expected a list, got a mapping`,
		`wrong-type.yaml:8:15: spec.workload.replicas: expected an integer, got the string "4" (write numbers without quotes)`,
		`wrong-type.yaml:12:17: spec.rollout.canary.maxSurge: expected a scalar, got a list`,
		`wrong-type.yaml:14:22: spec.rollout.canary.steps[0].setWeight: expected an integer, got "abc"`,
		`wrong-type.yaml:15:22: spec.rollout.canary.steps[1].setWeight: 5000000000 is out of range for a 32-bit integer`,
		`wrong-type.yaml:16:29: spec.rollout.canary.steps[2].pause.duration: invalid duration "soon": want e.g. "30s", "2m" or a number of seconds`,
		`wrong-type.yaml:18:19: spec.load.pacer.rate: expected a number, got "fast"`,
		`wrong-type.yaml:20:16: spec.load.keepAlive: expected true or false, got "yes"`,
	}},
}

func TestLoadInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.file, func(t *testing.T) {
			s, err := Load(filepath.Join("testdata", "invalid", tc.file))
			if err == nil {
				t.Fatalf("Load succeeded (%+v), want errors", s.Metadata)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			got := strings.Split(strings.ReplaceAll(err.Error(), "testdata/invalid/", ""), "\n")
			if len(got) != len(list) {
				t.Errorf("Error() has %d lines for %d errors", len(got), len(list))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestInvalidCasesCoverTestdata keeps the table and the directory in step.
func TestInvalidCasesCoverTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, tc := range invalidCases {
		listed[tc.file] = true
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s has no entry in invalidCases", f)
		}
	}
	if len(files) != len(invalidCases) {
		t.Errorf("%d files, %d cases", len(files), len(invalidCases))
	}
}
