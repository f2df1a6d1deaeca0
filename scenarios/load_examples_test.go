package scenarios

import (
	"path/filepath"
	"testing"
)

// TestLoadExamples loads every shipped example and valid test file: they
// must pass validation, and the loaded value must validate again.
func TestLoadExamples(t *testing.T) {
	files, err := filepath.Glob("examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	valid, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, valid...)
	if len(valid) < 2 {
		t.Fatalf("found %d valid test files, want at least 2", len(valid))
	}
	for _, f := range files {
		if filepath.Base(f) == "rollout.yaml" {
			continue // an Argo Rollout, not a scenario
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatalf("Load(%s):\n%v", f, err)
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("loaded scenario does not validate again:\n%v", err)
			}
		})
	}
}
