// Command hclast prints the syntax tree of HCL files as JSON, so that the Terraform checks
// (written in Python) read the configuration through the same parser OpenTofu uses instead of
// guessing at it. It parses only: nothing is evaluated except expressions that are constant.
//
// Usage: hclast FILE.tf...   (one JSON document on stdout: {"files": [{"path", "body"}]})
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type node = map[string]any

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: hclast FILE.tf...")
		os.Exit(2)
	}
	var files []node
	failed := false
	for _, path := range os.Args[1:] {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		file, diags := hclsyntax.ParseConfig(src, path, hcl.Pos{Line: 1, Column: 1})
		if diags.HasErrors() {
			for _, d := range diags {
				fmt.Fprintln(os.Stderr, d.Error())
			}
			failed = true
			continue
		}
		files = append(files, node{"path": path, "body": body(file.Body.(*hclsyntax.Body))})
	}
	if failed {
		os.Exit(1)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	if err := out.Encode(node{"files": files}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func body(b *hclsyntax.Body) node {
	names := make([]string, 0, len(b.Attributes))
	for name := range b.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	attrs := node{}
	for _, name := range names {
		a := b.Attributes[name]
		e := expr(a.Expr)
		e["line"] = a.SrcRange.Start.Line
		// Byte offsets of the expression's source text (for type and default columns in docs).
		e["src"] = []int{a.Expr.Range().Start.Byte, a.Expr.Range().End.Byte}
		attrs[name] = e
	}
	blocks := []node{}
	for _, blk := range b.Blocks {
		labels := blk.Labels
		if labels == nil {
			labels = []string{}
		}
		blocks = append(blocks, node{
			"type":   blk.Type,
			"labels": labels,
			"line":   blk.TypeRange.Start.Line,
			"body":   body(blk.Body),
		})
	}
	return node{"attributes": attrs, "blocks": blocks}
}

// expr describes an expression: its kind, its parts, the variables it references and, when
// it is constant (a literal, or a template or collection of literals), its value.
func expr(e hclsyntax.Expression) node {
	n := node{"kind": "other", "line": e.Range().Start.Line}
	refs := []any{}
	for _, t := range e.Variables() {
		refs = append(refs, traversal(t))
	}
	n["refs"] = refs
	if v, diags := e.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
		if raw, err := ctyjson.Marshal(v, v.Type()); err == nil {
			n["value"] = json.RawMessage(raw)
		}
	}
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		n["kind"] = "literal"
	case *hclsyntax.TemplateExpr:
		n["kind"] = "template"
		n["parts"] = exprs(x.Parts)
	case *hclsyntax.TemplateWrapExpr:
		n["kind"] = "template_wrap"
		n["wrapped"] = expr(x.Wrapped)
	case *hclsyntax.ScopeTraversalExpr:
		n["kind"] = "traversal"
		n["traversal"] = traversal(x.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		n["kind"] = "relative_traversal"
		n["source"] = expr(x.Source)
		n["traversal"] = traversal(x.Traversal)
	case *hclsyntax.FunctionCallExpr:
		n["kind"] = "call"
		n["name"] = x.Name
		n["args"] = exprs(x.Args)
	case *hclsyntax.ObjectConsExpr:
		n["kind"] = "object"
		items := []any{}
		for _, it := range x.Items {
			item := node{"value": expr(it.ValueExpr)}
			if k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
				if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" && !k.ForceNonLiteral {
					item["key"] = kw
				} else {
					item["key_expr"] = expr(k.Wrapped)
				}
			} else {
				item["key_expr"] = expr(it.KeyExpr)
			}
			items = append(items, item)
		}
		n["items"] = items
	case *hclsyntax.TupleConsExpr:
		n["kind"] = "tuple"
		n["items"] = exprs(x.Exprs)
	case *hclsyntax.ConditionalExpr:
		n["kind"] = "conditional"
		n["condition"] = expr(x.Condition)
		n["true"] = expr(x.TrueResult)
		n["false"] = expr(x.FalseResult)
	case *hclsyntax.ForExpr:
		n["kind"] = "for"
		n["key_var"] = x.KeyVar
		n["value_var"] = x.ValVar
		n["collection"] = expr(x.CollExpr)
		if x.KeyExpr != nil {
			n["key"] = expr(x.KeyExpr)
		}
		n["value"] = expr(x.ValExpr)
		if x.CondExpr != nil {
			n["condition"] = expr(x.CondExpr)
		}
	case *hclsyntax.IndexExpr:
		n["kind"] = "index"
		n["collection"] = expr(x.Collection)
		n["key"] = expr(x.Key)
	case *hclsyntax.SplatExpr:
		n["kind"] = "splat"
		n["source"] = expr(x.Source)
		n["each"] = expr(x.Each)
	case *hclsyntax.BinaryOpExpr:
		n["kind"] = "binary"
		n["lhs"] = expr(x.LHS)
		n["rhs"] = expr(x.RHS)
	case *hclsyntax.UnaryOpExpr:
		n["kind"] = "unary"
		n["operand"] = expr(x.Val)
	case *hclsyntax.ParenthesesExpr:
		n["kind"] = "parentheses"
		n["wrapped"] = expr(x.Expression)
	}
	return n
}

func exprs(es []hclsyntax.Expression) []any {
	out := []any{}
	for _, e := range es {
		out = append(out, expr(e))
	}
	return out
}

// traversal renders a.b["k"][0].c as ["a", "b", {"key": "k"}, {"key": 0}, "c"].
func traversal(t hcl.Traversal) []any {
	steps := []any{}
	for _, s := range t {
		switch x := s.(type) {
		case hcl.TraverseRoot:
			steps = append(steps, x.Name)
		case hcl.TraverseAttr:
			steps = append(steps, x.Name)
		case hcl.TraverseIndex:
			raw, err := ctyjson.Marshal(x.Key, x.Key.Type())
			if err != nil {
				raw = []byte("null")
			}
			steps = append(steps, node{"key": json.RawMessage(raw)})
		case hcl.TraverseSplat:
			steps = append(steps, node{"splat": true})
		}
	}
	return steps
}
