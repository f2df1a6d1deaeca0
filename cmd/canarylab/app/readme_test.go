package app

import (
	"os"
	"strings"
	"testing"

	"github.com/canarylab/canarylab/scenarios"
)

// The scenario example in README.md is a valid scenario.
func TestReadmeScenarioIsValid(t *testing.T) {
	data, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```yaml\n")
	if !ok {
		t.Fatal("README.md has no yaml block")
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("README.md's yaml block is not closed")
	}
	if _, err := scenarios.Parse("README.md", []byte(block)); err != nil {
		t.Fatalf("README.md's scenario is invalid:\n%v", err)
	}
}
