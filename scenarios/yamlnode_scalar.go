package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeScalar sets an int, uint, float, bool or string from a scalar node.
// Numbers must be YAML numbers (a quoted "3" is a string), ints are range
// checked for the field's width; strings accept any non-null scalar as
// written.
func (d *nodeDecoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode {
		tag = ""
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var i int64
		if tag != "!!int" || n.Decode(&i) != nil {
			d.intError(n, path, "an integer", v.Type().Bits())
			return
		}
		if v.OverflowInt(i) {
			d.errAt(n, path, "%s is out of range for a %d-bit integer", n.Value, v.Type().Bits())
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var u uint64
		if tag != "!!int" || n.Decode(&u) != nil {
			d.intError(n, path, "a non-negative integer", v.Type().Bits())
			return
		}
		if v.OverflowUint(u) {
			d.errAt(n, path, "%s is out of range for a %d-bit integer", n.Value, v.Type().Bits())
			return
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		var f float64
		if (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil {
			d.errAt(n, path, "expected a number, got %s", describeNumber(n))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.errAt(n, path, "expected a finite number, got %s", n.Value)
			return
		}
		if v.OverflowFloat(f) {
			d.errAt(n, path, "%s is out of range", n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if tag != "!!bool" || n.Decode(&b) != nil {
			d.errAt(n, path, "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errAt(n, path, "expected a string, got %s", describe(n))
			return
		}
		v.SetString(n.Value)
	default:
		d.errAt(n, path, "internal error: unsupported field type %s", v.Type())
	}
}

// intError reports a value that is not an integer of the field's type,
// telling a too-large YAML integer apart from a wrong type.
func (d *nodeDecoder) intError(n *yaml.Node, path, want string, bits int) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" && !strings.HasPrefix(n.Value, "-") {
		d.errAt(n, path, "%s is out of range for a %d-bit integer", n.Value, bits)
		return
	}
	d.errAt(n, path, "expected %s, got %s", want, describeNumber(n))
}

// describeNumber is describe, with a hint when a number was quoted.
func describeNumber(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return fmt.Sprintf("the string %q (write numbers without quotes)", n.Value)
		}
	}
	return describe(n)
}
