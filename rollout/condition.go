package rollout

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// EvalCondition evaluates an analysis success or failure condition against
// one measured value. The language is a small subset of the expressions Argo
// Rollouts accepts:
//
//	expr    = or
//	or      = and { "||" and }
//	and     = cmp { "&&" cmp }
//	cmp     = unary [ ("<" | "<=" | ">" | ">=" | "==" | "!=") unary ]
//	unary   = "!" unary | "-" unary | primary
//	primary = number | "true" | "false" | "result" [ "[0]" ]
//	        | "isNaN(" expr ")" | "(" expr ")"
//
// result[0] means result (Argo's Prometheus provider returns a vector).
// Types are checked: "!" and "&&"/"||" take booleans, comparisons and "-"
// numbers, and the whole condition must be boolean.
func EvalCondition(expr string, result float64) (bool, error) {
	n, err := parseCondition(expr)
	if err != nil {
		return false, err
	}
	return n.eval(result).b, nil
}

// ParseCondition reports whether expr is a valid boolean condition.
func ParseCondition(expr string) error {
	_, err := parseCondition(expr)
	return err
}

// cnode is a type-checked expression node.
type cnode struct {
	isBool bool
	eval   func(result float64) cval
}

type cval struct {
	f float64
	b bool
}

func parseCondition(expr string) (cnode, error) {
	toks, err := lexCondition(expr)
	if err != nil {
		return cnode{}, fmt.Errorf("parse condition %q: %w", expr, err)
	}
	p := &condParser{toks: toks}
	n, err := p.or()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	if err == nil && !n.isBool {
		err = fmt.Errorf("condition is a number, want a comparison")
	}
	if err != nil {
		return cnode{}, fmt.Errorf("parse condition %q: %w", expr, err)
	}
	return n, nil
}

func lexCondition(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				((s[j] == '+' || s[j] == '-') && j > i && (s[j-1] == 'e' || s[j-1] == 'E'))) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsLetter(c) || c == '_':
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			if i+1 < len(s) {
				switch two := s[i : i+2]; two {
				case "<=", ">=", "==", "!=", "&&", "||":
					toks = append(toks, two)
					i += 2
					continue
				}
			}
			if !strings.ContainsRune("<>!()[]-", c) {
				return nil, fmt.Errorf("unexpected character %q at %d", c, i)
			}
			toks = append(toks, string(c))
			i++
		}
	}
	return toks, nil
}

type condParser struct {
	toks []string
	pos  int
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *condParser) expect(t string) error {
	if p.peek() != t {
		if p.peek() == "" {
			return fmt.Errorf("want %q, got end of condition", t)
		}
		return fmt.Errorf("want %q, got %q", t, p.peek())
	}
	p.pos++
	return nil
}

func (p *condParser) or() (cnode, error) { return p.logical("||", p.and) }

func (p *condParser) and() (cnode, error) { return p.logical("&&", p.cmp) }

func (p *condParser) logical(op string, next func() (cnode, error)) (cnode, error) {
	l, err := next()
	for err == nil && p.peek() == op {
		p.pos++
		var r cnode
		if r, err = next(); err != nil {
			break
		}
		if !l.isBool || !r.isBool {
			return cnode{}, fmt.Errorf("%q needs boolean operands", op)
		}
		le, re, isOr := l.eval, r.eval, op == "||"
		l = cnode{isBool: true, eval: func(x float64) cval {
			if isOr {
				return cval{b: le(x).b || re(x).b}
			}
			return cval{b: le(x).b && re(x).b}
		}}
	}
	return l, err
}

var comparisons = map[string]func(a, b float64) bool{
	"<":  func(a, b float64) bool { return a < b },
	"<=": func(a, b float64) bool { return a <= b },
	">":  func(a, b float64) bool { return a > b },
	">=": func(a, b float64) bool { return a >= b },
	"==": func(a, b float64) bool { return a == b },
	"!=": func(a, b float64) bool { return a != b },
}

func (p *condParser) cmp() (cnode, error) {
	l, err := p.unary()
	if err != nil {
		return l, err
	}
	f, ok := comparisons[p.peek()]
	if !ok {
		return l, nil
	}
	op := p.peek()
	p.pos++
	r, err := p.unary()
	if err != nil {
		return r, err
	}
	if l.isBool || r.isBool {
		return cnode{}, fmt.Errorf("%q needs numeric operands", op)
	}
	le, re := l.eval, r.eval
	return cnode{isBool: true, eval: func(x float64) cval { return cval{b: f(le(x).f, re(x).f)} }}, nil
}

func (p *condParser) unary() (cnode, error) {
	switch p.peek() {
	case "!", "-":
		op := p.peek()
		p.pos++
		n, err := p.unary()
		if err != nil {
			return n, err
		}
		e := n.eval
		if op == "!" {
			if !n.isBool {
				return cnode{}, fmt.Errorf("\"!\" needs a boolean operand")
			}
			return cnode{isBool: true, eval: func(x float64) cval { return cval{b: !e(x).b} }}, nil
		}
		if n.isBool {
			return cnode{}, fmt.Errorf("\"-\" needs a numeric operand")
		}
		return cnode{eval: func(x float64) cval { return cval{f: -e(x).f} }}, nil
	}
	return p.primary()
}

func (p *condParser) primary() (cnode, error) {
	t := p.peek()
	if t == "" {
		return cnode{}, fmt.Errorf("unexpected end of condition")
	}
	p.pos++
	switch {
	case t == "(":
		n, err := p.or()
		if err != nil {
			return n, err
		}
		return n, p.expect(")")
	case t == "true" || t == "false":
		b := t == "true"
		return cnode{isBool: true, eval: func(float64) cval { return cval{b: b} }}, nil
	case t == "result":
		if p.peek() == "[" {
			p.pos++
			if err := p.expect("0"); err != nil {
				return cnode{}, fmt.Errorf("result index: %w", err)
			}
			if err := p.expect("]"); err != nil {
				return cnode{}, err
			}
		}
		return cnode{eval: func(x float64) cval { return cval{f: x} }}, nil
	case t == "isNaN":
		if err := p.expect("("); err != nil {
			return cnode{}, err
		}
		n, err := p.or()
		if err != nil {
			return n, err
		}
		if n.isBool {
			return cnode{}, fmt.Errorf("isNaN needs a numeric argument")
		}
		e := n.eval
		return cnode{isBool: true, eval: func(x float64) cval { return cval{b: math.IsNaN(e(x).f)} }}, p.expect(")")
	case unicode.IsDigit(rune(t[0])) || t[0] == '.':
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return cnode{}, fmt.Errorf("invalid number %q", t)
		}
		return cnode{eval: func(float64) cval { return cval{f: v} }}, nil
	}
	return cnode{}, fmt.Errorf("unexpected %q", t)
}
