package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	r := Build(goldenScenario(), goldenTrace(), 42)
	jp, mp, err := WriteFiles(dir, "golden", r)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := r.JSON()
	for path, want := range map[string][]byte{jp: js, mp: r.Markdown()} {
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: read err %v, equal %v", path, err, bytes.Equal(got, want))
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("dir holds %d entries, want the two reports only", len(entries))
	}
}

func TestWriteFilesLeavesNothingOnError(t *testing.T) {
	r := Build(goldenScenario(), goldenTrace(), 42)
	t.Run("directory cannot be made", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := WriteFiles(filepath.Join(file, "out"), "x", r); err == nil {
			t.Fatal("want an error when the directory cannot be created")
		}
	})
	t.Run("markdown cannot be renamed", func(t *testing.T) {
		dir := t.TempDir()
		// A non-empty directory where x.md should go makes its rename fail
		// after x.json was written: both must be gone.
		if err := os.MkdirAll(filepath.Join(dir, "x.md", "keep"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, _, err := WriteFiles(dir, "x", r)
		if err == nil || !strings.Contains(err.Error(), "x.md") {
			t.Fatalf("err = %v, want a rename error naming x.md", err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || entries[0].Name() != "x.md" {
			names := []string{}
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("dir holds %v, want only the blocking x.md directory", names)
		}
	})
}

func TestSummary(t *testing.T) {
	got := Build(goldenScenario(), goldenTrace(), 42).Summary()
	want := "golden on sim (simulated kube-proxy): FAIL\n" +
		"  1 trial(s), 411 requests, 8 errors (refused 4, reset 1, timeout 3, 5xx 0)\n" +
		"  step 1 weight 20%: canary share 0.2000 (expected 0.2000) 95% CI [0.1469, 0.2622] p=1, 200 requests, exact binomial\n" +
		"  step 2 weight 50%: canary share 0.4000 (expected 0.5000) 95% CI [0.1603, 0.6995] p=0.549, 200 requests, connection-clustered, design effect 22.2 over 10 connections\n" +
		"  shutdown: 2 connection-refused errors attributed to pod terminations\n" +
		"  drains: 2, evictions refused (429) 5, blocked 20s\n" +
		"  rollback: last canary request 2.25s after the abort\n" +
		"  node kill worker-1: 3 errors over 4s\n" +
		"  - 4 connection-refused errors exceed the maximum of 1 (2 attributed to pod terminations).\n" +
		"  - rollback latency 2.25s (abort at 80s, last canary request at 82.25s) exceeds the maximum of 2s.\n" +
		"  - 1 of 2 drains did not complete (timed out or still running at the end).\n"
	if got != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", got, want)
	}
}
