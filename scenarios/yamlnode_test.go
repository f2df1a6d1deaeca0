package scenarios

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canarylab/canarylab/rollout"
	"go.yaml.in/yaml/v3"
)

type inner struct {
	A int `json:"a"`
}

type embedded struct {
	E string `json:"e"`
}

// probe covers every kind of field the decoder handles.
type probe struct {
	I8       int8                  `json:"i8,omitempty"`
	U16      uint16                `json:"u16,omitempty"`
	F32      float32               `json:"f32,omitempty"`
	B        bool                  `json:"b,omitempty"`
	S        string                `json:"s,omitempty"`
	M        map[string]string     `json:"m,omitempty"`
	L        []int                 `json:"l,omitempty"`
	P        *inner                `json:"p,omitempty"`
	PI       *int32                `json:"pi,omitempty"`
	D        rollout.Duration      `json:"d,omitempty"`
	IP       *rollout.IntOrPercent `json:"ip,omitempty"`
	Skip     string                `json:"-"`
	embedded `json:",inline"`
}

// decodeProbe decodes src into a probe and returns it with the error lines.
func decodeProbe(t *testing.T, src string) (probe, []string) {
	t.Helper()
	root, errs := parseSingleDocument("p.yaml", []byte(src))
	if errs != nil {
		t.Fatalf("parse %q: %v", src, errs)
	}
	d := newNodeDecoder("p.yaml", map[string]location{}, map[string]bool{})
	var p probe
	d.decode(root, reflect.ValueOf(&p).Elem(), "")
	var lines []string
	for _, e := range d.errs {
		lines = append(lines, e.Error())
	}
	return p, lines
}

func TestDecodeValues(t *testing.T) {
	five := int32(5)
	tests := []struct {
		src  string
		want probe
	}{
		{"i8: -128", probe{I8: -128}},
		{"u16: 65535", probe{U16: 65535}},
		{"f32: 2", probe{F32: 2}},
		{"f32: 0.25", probe{F32: 0.25}},
		{"b: true", probe{B: true}},
		{"s: 42", probe{S: "42"}}, // strings take any scalar as written
		{"s: 'x y'", probe{S: "x y"}},
		{"m: {k-1: v, \"a.b\": w}", probe{M: map[string]string{"k-1": "v", "a.b": "w"}}},
		{"l: [3, 1]", probe{L: []int{3, 1}}},
		{"p: {a: 7}", probe{P: &inner{A: 7}}},
		{"p:", probe{P: &inner{}}}, // a null struct pointer is an empty struct
		{"pi: 5", probe{PI: &five}},
		{"pi: null", probe{}},
		{"d: 90", probe{D: rollout.Duration(90 * time.Second)}},
		{"d: 1m30s", probe{D: rollout.Duration(90 * time.Second)}},
		{"ip: 25%", probe{IP: &rollout.IntOrPercent{Value: 25, IsPercent: true}}},
		{"ip: 3", probe{IP: &rollout.IntOrPercent{Value: 3}}},
		{"e: inlined", probe{embedded: embedded{E: "inlined"}}},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			got, errs := decodeProbe(t, tc.src)
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"i8: 128", `p.yaml:1:5: i8: 128 is out of range for a 8-bit integer`},
		{"i8: 1.5", `p.yaml:1:5: i8: expected an integer, got "1.5"`},
		{"u16: -1", `p.yaml:1:6: u16: expected a non-negative integer, got "-1"`},
		{"u16: 65536", `p.yaml:1:6: u16: 65536 is out of range for a 16-bit integer`},
		{"i8: 18446744073709551615", `p.yaml:1:5: i8: 18446744073709551615 is out of range for a 8-bit integer`},
		{"i8: 99999999999999999999", `p.yaml:1:5: i8: expected an integer, got "99999999999999999999"`},
		{"f32: .nan", `p.yaml:1:6: f32: expected a finite number, got .nan`},
		{"f32: 1e39", `p.yaml:1:6: f32: 1e39 is out of range`},
		{"f32: '0.5'", `p.yaml:1:6: f32: expected a number, got the string "0.5" (write numbers without quotes)`},
		{"b: 1", `p.yaml:1:4: b: expected true or false, got "1"`},
		{"s: [x]", `p.yaml:1:4: s: expected a string, got a list`},
		{"l: {a: 1}", `p.yaml:1:4: l: expected a list, got a mapping`},
		{"l: [1, x]", `p.yaml:1:8: l[1]: expected an integer, got "x"`},
		{"p: 3", `p.yaml:1:4: p: expected a mapping, got "3"`},
		{"m: {k: {x: 1}}", `p.yaml:1:8: m.k: expected a string, got a mapping`},
		{"m: {a b: 1}", ""}, // keys with spaces are fine; paths quote them
		{"d: -5s", `p.yaml:1:4: d: duration "-5s" is negative`},
		{"ip: {}", `p.yaml:1:5: ip: expected a scalar, got a mapping`},
		{"Skip: x", `p.yaml:1:1: Skip: unknown field "Skip"`},
		{"S: x", `p.yaml:1:1: S: unknown field "S" (did you mean "s"?)`},
		{"embedded: {e: x}", `p.yaml:1:1: embedded: unknown field "embedded"`},
		{"? [a]\n: 1", `p.yaml:1:3: mapping keys must be strings, got a list`},
		{"i8: 1\ni8: 2", `p.yaml:2:1: i8: duplicate key "i8" (first at line 1)`},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			_, errs := decodeProbe(t, tc.src)
			if got := strings.Join(errs, "\n"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	tests := []struct{ parent, key, child string }{
		{"", "spec", "spec"},
		{"spec", "load", "spec.load"},
		{"spec.load.headers", "X-Canary", "spec.load.headers.X-Canary"},
		{"plugins", "argoproj-labs/gatewayAPI", `plugins["argoproj-labs/gatewayAPI"]`},
		{"m", "a.b", `m["a.b"]`},
		{"m", "", `m[""]`},
	}
	for _, tc := range tests {
		if got := childPath(tc.parent, tc.key); got != tc.child {
			t.Errorf("childPath(%q, %q) = %q, want %q", tc.parent, tc.key, got, tc.child)
		}
		if got := parentPath(tc.child); got != tc.parent {
			t.Errorf("parentPath(%q) = %q, want %q", tc.child, got, tc.parent)
		}
	}
	if got := parentPath("spec.steps[3]"); got != "spec.steps" {
		t.Errorf("parentPath(spec.steps[3]) = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"replica", "replicas", 1},
		{"kitten", "sitting", 3}, {"setweight", "setweight", 0}, {"ab", "ba", 2},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	fields := structFields(reflect.TypeFor[rollout.Step]())
	tests := []struct{ key, want string }{
		{"setweight", "setWeight"},
		{"setWeigth", "setWeight"},
		{"pasue", "pause"},
		{"wait", ""},
		{"abc", ""},
	}
	for _, tc := range tests {
		if got := suggest(tc.key, fields); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

func TestParseDocuments(t *testing.T) {
	roots, errs := parseDocuments("r.yaml", []byte("a: 1\n---\n# only a comment\n---\nb: 2\n"))
	if errs != nil || len(roots) != 2 {
		t.Fatalf("got %d roots, errors %v; want 2 roots", len(roots), errs)
	}
	if v := scalarValue(mappingValue(roots[1], "b")); v != "2" {
		t.Errorf("second document b = %q, want 2", v)
	}
	if n := mappingValue(&yaml.Node{Kind: yaml.ScalarNode}, "b"); n != nil {
		t.Errorf("mappingValue on a scalar = %v, want nil", n)
	}
}
