package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/canarylab/canarylab/rollout"
	"go.yaml.in/yaml/v3"
)

// Argo Rollout manifest identity.
const (
	argoAPIVersion = "argoproj.io/v1alpha1"
	argoKind       = "Rollout"
)

// rolloutReplicasPath is the canonical key under which the position of a
// Rollout file's spec.replicas is kept.
const rolloutReplicasPath = "spec.rollout.file:spec.replicas"

// rolloutFile loads spec.rollout.file, if set: the Argo Rollout's
// spec.strategy.canary becomes spec.rollout.canary (strictly decoded, errors
// pointing into the Rollout file) and its spec.replicas must agree with
// spec.workload.replicas (or sets it when the scenario leaves it out).
func (l *loader) rolloutFile(s *Scenario) {
	r := &s.Spec.Rollout
	if r.File == "" {
		return
	}
	if r.Canary != nil {
		l.errAt("spec.rollout.file", "set canary or file, not both")
		return
	}
	path := r.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(l.main), path)
	}
	data, err := readManifest(path)
	if err != nil {
		l.errAt("spec.rollout.file", "read Argo Rollout manifest: %v", err)
		return
	}
	roots, errs := parseDocuments(path, data)
	if errs != nil {
		l.errs = append(l.errs, errs...)
		return
	}
	var doc *yaml.Node
	n := 0
	for _, root := range roots {
		if scalarValue(mappingValue(root, "kind")) == argoKind {
			doc, n = root, n+1
		}
	}
	if n != 1 {
		l.errAt("spec.rollout.file", "%s holds %d documents of kind: Rollout, want exactly one", path, n)
		return
	}
	if av := mappingValue(doc, "apiVersion"); scalarValue(av) != argoAPIVersion {
		l.errs = append(l.errs, &FieldError{File: path, Line: doc.Line, Column: doc.Column, Path: "apiVersion",
			Msg: fmt.Sprintf("must be %q, got %q", argoAPIVersion, scalarValue(av))})
		return
	}
	spec := mappingValue(doc, "spec")
	canary := mappingValue(mappingValue(spec, "strategy"), "canary")
	if canary == nil {
		at := doc
		for _, n := range []*yaml.Node{spec, mappingValue(spec, "strategy")} {
			if n != nil {
				at = n
			}
		}
		l.errs = append(l.errs, &FieldError{File: path, Line: at.Line, Column: at.Column,
			Path: "spec.strategy.canary", Msg: "required: canarylab runs canary strategies only"})
		return
	}
	d := newNodeDecoder(path, l.pos, l.failed)
	d.canonRoot, d.displayRoot = "spec.rollout.canary", "spec.strategy.canary"
	r.Canary = new(rollout.CanaryStrategy)
	d.decode(canary, reflect.ValueOf(r.Canary).Elem(), d.canonRoot)
	if rep := mappingValue(spec, "replicas"); rep != nil {
		var replicas int32
		d.canonRoot, d.displayRoot = rolloutReplicasPath, "spec.replicas"
		n := len(d.errs)
		d.decode(rep, reflect.ValueOf(&replicas).Elem(), rolloutReplicasPath)
		if len(d.errs) == n {
			l.replicas(s, replicas, path)
		}
	}
	l.errs = append(l.errs, d.errs...)
}

// replicas reconciles the Rollout's spec.replicas with the scenario's.
func (l *loader) replicas(s *Scenario, replicas int32, path string) {
	w := &s.Spec.Workload
	switch {
	case w.Replicas == 0:
		w.Replicas = replicas
	case w.Replicas != replicas:
		l.errAt(rolloutReplicasPath, "%d disagrees with spec.workload.replicas %d in %s",
			replicas, w.Replicas, l.main)
	}
}

// maxManifestBytes bounds a Rollout manifest (they are a few KB).
const maxManifestBytes = 4 << 20

// readManifest reads a regular file of at most maxManifestBytes, so that a
// path such as /dev/zero fails instead of reading forever.
func readManifest(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if fi.Size() > maxManifestBytes {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d allowed", path, fi.Size(), maxManifestBytes)
	}
	return os.ReadFile(path)
}
