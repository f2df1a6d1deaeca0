package scenarios

import (
	"fmt"
	"reflect"
	"strings"
)

// suggest proposes the known field closest to k: the same name in another
// case, or one at most two edits away that shares more than half its
// letters with k.
func suggest(k string, fields map[string][]int) string {
	best, bestDist := "", 3
	for name := range fields {
		dist := editDistance(strings.ToLower(k), strings.ToLower(name))
		if 2*dist >= len(k) || 2*dist >= len(name) {
			continue
		}
		if dist < bestDist || dist == bestDist && name < best {
			best, bestDist = name, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// structFields maps json tag names to field indexes, flattening ",inline"
// and untagged embedded structs as encoding/json does; "-" is skipped.
func structFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !(f.Anonymous && f.Type.Kind() == reflect.Struct) {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		inline := strings.Contains(","+opts+",", ",inline,") || (f.Anonymous && name == "")
		if inline && f.Type.Kind() == reflect.Struct {
			for sub, idx := range structFields(f.Type) {
				if _, taken := out[sub]; !taken {
					out[sub] = append([]int{i}, idx...)
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = []int{i}
	}
	return out
}

// childPath appends a key to a field path: ".key" for plain names,
// ["key"] for keys with other characters.
func childPath(parent, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	switch {
	case !plain:
		return fmt.Sprintf("%s[%q]", parent, key)
	case parent == "":
		return key
	default:
		return parent + "." + key
	}
}

// parentPath drops the last element of a field path ("" at the root).
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if strings.HasSuffix(p, `"]`) {
			if i := strings.LastIndex(p, `["`); i >= 0 {
				return p[:i]
			}
		}
		if i := strings.LastIndex(p, "["); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}
