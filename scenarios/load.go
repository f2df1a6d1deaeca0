package scenarios

import (
	"fmt"
	"os"
	"reflect"
)

// Load reads, strictly decodes, validates and defaults the scenario file at
// path. Problems in the file come back as an ErrorList (one FieldError per
// problem, all of them, with line:column and field path).
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load scenario: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes, validates and defaults a scenario whose file name is name
// (used in errors, and as the base for a relative rollout.file). Analysis
// template references are resolved into Analysis.Metrics. The error, if
// any, is an ErrorList.
func Parse(name string, data []byte) (*Scenario, error) {
	root, errs := parseSingleDocument(name, data)
	if errs != nil {
		return nil, errs
	}
	l := &loader{main: name, pos: map[string]location{}, failed: map[string]bool{}}
	s := &Scenario{}
	d := newNodeDecoder(name, l.pos, l.failed)
	d.decode(root, reflect.ValueOf(s).Elem(), "")
	l.errs = append(l.errs, d.errs...)
	s.Path = name
	l.rolloutFile(s)

	v := &validator{main: name, pos: l.pos, failed: l.failed}
	v.scenario(s)
	l.errs = append(l.errs, v.errs...)
	if len(l.errs) > 0 {
		sortErrors(l.errs, name)
		return nil, l.errs
	}
	resolveAnalyses(s)
	s.Default()
	return s, nil
}

// Validate checks a decoded Scenario (for example one built in Go or
// changed after Load) with the same rules Load applies, except that it
// reads no files: a rollout.file is not loaded. Errors carry field paths
// but no line numbers.
func (s *Scenario) Validate() error {
	v := &validator{main: s.Path, pos: map[string]location{}, failed: map[string]bool{}}
	v.scenario(s)
	if len(v.errs) > 0 {
		return v.errs
	}
	return nil
}

// loader carries one Parse: positions of every decoded value by canonical
// path, the paths whose values failed to decode, and the errors so far.
type loader struct {
	main   string
	pos    map[string]location
	failed map[string]bool
	errs   ErrorList
}

// errAt reports a problem at canonical path p.
func (l *loader) errAt(p, format string, args ...any) {
	l.errs = append(l.errs, locate(l.pos, l.main, p, fmt.Sprintf(format, args...)))
}
