package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError is one problem found in a scenario (or Argo Rollout) file: where
// it is (file, line and column, field path) and what is wrong.
type FieldError struct {
	// File is the file the problem is in (the scenario, or the Argo
	// Rollout manifest it names).
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	// Path is the field path in the file, e.g.
	// "spec.rollout.canary.steps[3].setWeight".
	Path string
	// Msg says what is wrong.
	Msg string
}

// Error formats e as "file:line:col: path: msg"; parts that are unknown
// (line 0, column 0, empty path) are left out.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Path != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Path)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one load, in file order. Callers
// inspect it with errors.As.
type ErrorList []*FieldError

// Error returns one line per problem.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sortErrors orders l by file (the scenario file first, then others in order
// of first appearance), then line and column (errors without a position
// first); the sort is stable, so errors at one position keep the order in
// which they were found.
func sortErrors(l ErrorList, mainFile string) {
	rank := map[string]int{mainFile: 0}
	for _, e := range l {
		if _, ok := rank[e.File]; !ok {
			rank[e.File] = len(rank)
		}
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if rank[a.File] != rank[b.File] {
			return rank[a.File] < rank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
