package scenarios

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/canarylab/canarylab/rollout"
)

// templates checks spec.rollout.analysisTemplates: names required and
// unique, each metric valid (checked here once, not at every reference).
func (v *validator) templates(ts []AnalysisTemplate) {
	seen := map[string]bool{}
	for i, t := range ts {
		p := fmt.Sprintf("spec.rollout.analysisTemplates[%d]", i)
		switch {
		case t.Name == "":
			v.errf(p+".name", "required")
		case seen[t.Name]:
			v.errf(p+".name", "template name %q is used twice", t.Name)
		}
		seen[t.Name] = true
		if len(t.Metrics) == 0 {
			v.errf(p+".metrics", "at least one metric is required")
		}
		v.metrics(p+".metrics", t.Metrics)
	}
}

// findTemplate returns the template named name, or nil.
func findTemplate(ts []AnalysisTemplate, name string) *AnalysisTemplate {
	for i := range ts {
		if ts[i].Name == name {
			return &ts[i]
		}
	}
	return nil
}

// resolvedMetrics concatenates the referenced templates' metrics, skipping
// unknown references.
func resolvedMetrics(a *rollout.Analysis, ts []AnalysisTemplate) []rollout.Metric {
	var out []rollout.Metric
	for _, ref := range a.Templates {
		if t := findTemplate(ts, ref.TemplateName); t != nil {
			for _, m := range t.Metrics {
				out = append(out, cloneMetric(m))
			}
		}
	}
	return out
}

// analysis checks a step or background analysis: template references exist,
// and templates and inline metrics are not mixed (metrics equal to the
// resolved templates are what Load leaves behind, and are accepted).
func (v *validator) analysis(p string, a *rollout.Analysis, ts []AnalysisTemplate) {
	if len(a.Templates) == 0 && len(a.Metrics) == 0 {
		v.errf(p, "set templates (by templateName) or metrics")
		return
	}
	if len(a.Templates) == 0 {
		v.metrics(p+".metrics", a.Metrics)
		return
	}
	unknown := false
	for i, ref := range a.Templates {
		rp := fmt.Sprintf("%s.templates[%d].templateName", p, i)
		switch {
		case ref.TemplateName == "":
			v.errf(rp, "required")
			unknown = true
		case findTemplate(ts, ref.TemplateName) == nil:
			v.errf(rp, "unknown analysis template %q (defined in spec.rollout.analysisTemplates: %s)",
				ref.TemplateName, templateNames(ts))
			unknown = true
		}
	}
	if unknown {
		return
	}
	resolved := resolvedMetrics(a, ts)
	if len(a.Metrics) > 0 && !reflect.DeepEqual(a.Metrics, resolved) {
		v.errf(p+".metrics", "set templates or metrics, not both")
		return
	}
	seen := map[string]string{}
	for i, ref := range a.Templates {
		for _, m := range findTemplate(ts, ref.TemplateName).Metrics {
			if first, dup := seen[m.Name]; dup && m.Name != "" {
				v.errf(fmt.Sprintf("%s.templates[%d].templateName", p, i),
					"metric %q is defined by both template %q and template %q", m.Name, first, ref.TemplateName)
			}
			seen[m.Name] = ref.TemplateName
		}
	}
}

func templateNames(ts []AnalysisTemplate) string {
	if len(ts) == 0 {
		return "none"
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// metrics checks a list of metrics: names required and unique, each valid.
func (v *validator) metrics(p string, ms []rollout.Metric) {
	seen := map[string]bool{}
	for i, m := range ms {
		mp := fmt.Sprintf("%s[%d]", p, i)
		switch {
		case m.Name == "":
			v.errf(mp+".name", "required")
		case seen[m.Name]:
			v.errf(mp+".name", "metric name %q is used twice", m.Name)
		}
		seen[m.Name] = true
		v.metric(mp, m)
	}
}

func (v *validator) metric(p string, m rollout.Metric) {
	for _, f := range []struct {
		name string
		val  *int32
	}{{"count", m.Count}, {"failureLimit", m.FailureLimit}, {"inconclusiveLimit", m.InconclusiveLimit}} {
		if f.val != nil && *f.val < 0 {
			v.errf(p+"."+f.name, "must be ≥ 0")
		}
	}
	for _, c := range []struct{ name, expr string }{
		{"successCondition", m.SuccessCondition}, {"failureCondition", m.FailureCondition}} {
		if c.expr == "" {
			continue
		}
		if err := rollout.ParseCondition(c.expr); err != nil {
			v.errf(p+"."+c.name, "%v", err)
		}
	}
	dp := m.Provider.DataPlane
	if dp == nil {
		v.errf(p+".provider.dataPlane", "required (canarylab measures its own data plane)")
		return
	}
	qp := p + ".provider.dataPlane"
	v.enum(qp+".query", dp.Query, false, rollout.QuerySuccessRate, rollout.QueryErrorRate, rollout.QueryLatency)
	v.enum(qp+".version", dp.Version, true, rollout.VersionCanary, rollout.VersionStable)
	switch {
	case dp.Query == rollout.QueryLatency && (dp.Quantile <= 0 || dp.Quantile >= 1):
		v.errf(qp+".quantile", "latency needs a quantile in (0, 1), e.g. 0.99; got %g", dp.Quantile)
	case dp.Query != rollout.QueryLatency && dp.Quantile != 0:
		v.errf(qp+".quantile", "quantile is only for query %q", rollout.QueryLatency)
	}
}

// resolveAnalyses copies the referenced templates' metrics into every step
// and background analysis (the core reads only Metrics). It runs after
// validation, so every reference resolves.
func resolveAnalyses(s *Scenario) {
	r := &s.Spec.Rollout
	if r.Canary == nil {
		return
	}
	resolve := func(a *rollout.Analysis) {
		if len(a.Templates) > 0 {
			a.Metrics = resolvedMetrics(a, r.AnalysisTemplates)
		}
	}
	for i := range r.Canary.Steps {
		if a := r.Canary.Steps[i].Analysis; a != nil {
			resolve(a)
		}
	}
	if a := r.Canary.Analysis; a != nil {
		resolve(&a.Analysis)
	}
}

// cloneMetric copies m so that resolved metrics share no pointers with
// their template.
func cloneMetric(m rollout.Metric) rollout.Metric {
	dup := func(p *int32) *int32 {
		if p == nil {
			return nil
		}
		v := *p
		return &v
	}
	m.Count, m.FailureLimit, m.InconclusiveLimit = dup(m.Count), dup(m.FailureLimit), dup(m.InconclusiveLimit)
	if m.Provider.DataPlane != nil {
		q := *m.Provider.DataPlane
		m.Provider.DataPlane = &q
	}
	return m
}
