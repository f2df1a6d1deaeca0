package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run go test -update to create it): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; rerun with -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestGolden(t *testing.T) {
	r := Build(goldenScenario(), goldenTrace(), 42)
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.json.golden", js)
	checkGolden(t, "report.md.golden", r.Markdown())

	// Same inputs, same bytes.
	again, err := Build(goldenScenario(), goldenTrace(), 42).JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, again) {
		t.Error("two builds of the same trace differ")
	}
}

func TestGoldenAggregate(t *testing.T) {
	a := Build(goldenScenario(), goldenTrace(), 1)
	tr := goldenTrace()
	tr.Records = tr.Records[:len(tr.Records)-2] // trial 2: the 82.25 canary request never happened
	b := Build(goldenScenario(), tr, 2)
	agg := Aggregate([]*Report{a, b})
	js, err := agg.JSON()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "aggregate.json.golden", js)
	checkGolden(t, "aggregate.md.golden", agg.Markdown())
}
