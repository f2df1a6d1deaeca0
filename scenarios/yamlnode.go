package scenarios

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// location is where a value sits: the file, its line and column, and its
// field path as written in that file.
type location struct {
	file      string
	line, col int
	path      string
}

// nodeDecoder maps a yaml.Node tree onto Go values by their json tag names,
// strictly: unknown fields, wrong types and duplicate keys are errors. It
// records the position of every value it visits, keyed by canonical path
// (the path in the scenario, even for values read from a Rollout file).
type nodeDecoder struct {
	file string
	// canonRoot and displayRoot map canonical paths to the paths shown in
	// errors (they differ for a Rollout file: spec.rollout.canary there is
	// spec.strategy.canary).
	canonRoot, displayRoot string

	pos    map[string]location
	failed map[string]bool
	errs   ErrorList
}

func newNodeDecoder(file string, pos map[string]location, failed map[string]bool) *nodeDecoder {
	return &nodeDecoder{file: file, pos: pos, failed: failed}
}

// display turns a canonical path into the path shown for this file.
func (d *nodeDecoder) display(path string) string {
	if d.canonRoot == "" && d.displayRoot == "" {
		return path
	}
	return d.displayRoot + strings.TrimPrefix(path, d.canonRoot)
}

func (d *nodeDecoder) errAt(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &FieldError{File: d.file, Line: n.Line, Column: n.Column,
		Path: d.display(path), Msg: fmt.Sprintf(format, args...)})
	d.failed[path] = true
}

func (d *nodeDecoder) record(n *yaml.Node, path string) {
	d.pos[path] = location{file: d.file, line: n.Line, col: n.Column, path: d.display(path)}
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// decode sets v from n; path is v's canonical field path.
func (d *nodeDecoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		d.errAt(n, path, "aliases (*%s) are not supported: write the value out", n.Value)
		return
	}
	if n.Anchor != "" {
		d.errAt(n, path, "anchors (&%s) are not supported", n.Anchor)
	}
	d.record(n, path)
	null := n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
	if v.Kind() == reflect.Pointer {
		if null && v.Type().Elem().Kind() != reflect.Struct {
			v.SetZero()
			return
		}
		// A null struct pointer ("pause:") means an empty struct ("pause: {}").
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if null {
			return
		}
		d.decode(n, v.Elem(), path)
		return
	}
	if null {
		v.SetZero()
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(textUnmarshalerType) {
		if n.Kind != yaml.ScalarNode {
			d.errAt(n, path, "expected a scalar, got %s", describe(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.errAt(n, path, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.ShortTag() == "!!null" {
		return "null"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *nodeDecoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.errAt(n, path, "expected a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

// mappingPairs checks a mapping's keys (strings, no duplicates) and returns
// the valid key/value pairs in file order.
func (d *nodeDecoder) mappingPairs(n *yaml.Node, path string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.errAt(n, path, "expected a mapping, got %s", describe(n))
		return nil
	}
	seen := map[string]*yaml.Node{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			d.errAt(k, path, "mapping keys must be strings, got %s", describe(k))
			continue
		}
		kp := childPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.errAt(k, kp, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, [2]*yaml.Node{k, val})
	}
	return out
}

func (d *nodeDecoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	pairs := d.mappingPairs(n, path)
	if v.Type().Key().Kind() != reflect.String {
		d.errAt(n, path, "internal error: unsupported map key type %s", v.Type().Key())
		return
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(pairs))
	for _, p := range pairs {
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(p[1], elem, childPath(path, p[0].Value))
		m.SetMapIndex(reflect.ValueOf(p[0].Value).Convert(v.Type().Key()), elem)
	}
	v.Set(m)
}

func (d *nodeDecoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	fields := structFields(v.Type())
	pairs := d.mappingPairs(n, path)
	present := map[string]bool{}
	for _, p := range pairs {
		present[p[0].Value] = true
	}
	for _, p := range pairs {
		k := p[0].Value
		kp := childPath(path, k)
		f, ok := fields[k]
		if !ok {
			hint := ""
			if s := suggest(k, fields); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
				if !present[s] {
					// The intended field is missing because of the typo:
					// say so once, here, not again as a missing value.
					d.failed[childPath(path, s)] = true
				}
			}
			d.errAt(p[0], kp, "unknown field %q%s", k, hint)
			continue
		}
		d.decode(p[1], v.FieldByIndex(f), kp)
	}
}
