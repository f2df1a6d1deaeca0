package scenarios

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// syntaxError turns a YAML parser error into a FieldError. The parser's
// "line N" is kept in the message only: go.yaml.in/yaml/v3 reports the line
// where the enclosing construct starts, sometimes counted from 0, so it is
// not a reliable position for the Line field.
func syntaxError(file string, err error) *FieldError {
	return &FieldError{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
}

// parseDocuments parses every YAML document of a file into its root node.
// Empty documents (comments only, or null) are skipped.
func parseDocuments(file string, data []byte) ([]*yaml.Node, ErrorList) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var roots []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return roots, nil
		}
		if err != nil {
			return nil, ErrorList{syntaxError(file, err)}
		}
		if len(doc.Content) > 0 && doc.Content[0].ShortTag() != "!!null" {
			roots = append(roots, doc.Content[0])
		}
	}
}

// parseSingleDocument parses a file that must hold exactly one document.
func parseSingleDocument(file string, data []byte) (*yaml.Node, ErrorList) {
	roots, errs := parseDocuments(file, data)
	switch {
	case errs != nil:
		return nil, errs
	case len(roots) == 0:
		return nil, ErrorList{{File: file, Msg: "file is empty: want one Scenario document"}}
	case len(roots) > 1:
		var l ErrorList
		for _, r := range roots[1:] {
			l = append(l, &FieldError{File: file, Line: r.Line, Column: r.Column,
				Msg: "multiple documents: a scenario file holds exactly one"})
		}
		return nil, l
	}
	return roots[0], nil
}

// mappingValue returns the value of key in mapping node n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// scalarValue is the text of a scalar node, "" for anything else.
func scalarValue(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
