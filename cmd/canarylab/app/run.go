package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/canarylab/canarylab/internal/logging"
	"github.com/canarylab/canarylab/reports"
	"github.com/canarylab/canarylab/scenarios"
	"github.com/canarylab/canarylab/sim"
)

// Backend names.
const (
	BackendSim  = "sim"
	BackendKind = "kind"
)

type runOptions struct {
	backend string
	seed    int64
	trials  int
	out     string
	seedSet bool
}

func newRunCommand(s Streams) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [flags] FILE...",
		Short: "Run scenarios and write a JSON report and a Markdown summary for each",
		Long: `Run loads and validates every scenario file first (nothing runs if any is
invalid), then runs each one for its number of trials on the chosen backend,
writes OUT/<name>.json and OUT/<name>.md, and prints a summary. The exit
status is 1 when any assertion failed, 2 for invalid input or arguments,
3 when a run itself failed.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.seedSet = cmd.Flags().Changed("seed")
			return o.run(cmd.Context(), s, args)
		},
	}
	cmd.Flags().StringVar(&o.backend, "backend", BackendSim, "backend to run on: sim")
	cmd.Flags().Int64Var(&o.seed, "seed", 0, "seed of the first trial (default: the scenario's seed)")
	cmd.Flags().IntVar(&o.trials, "trials", 0, "number of seeded trials (default: the scenario's trials)")
	cmd.Flags().StringVar(&o.out, "out", "out", "directory for the reports")
	return cmd
}

func (o *runOptions) run(ctx context.Context, s Streams, files []string) error {
	if o.trials < 0 {
		return fmt.Errorf("%w: --trials must be at least 1, got %d", ErrUsage, o.trials)
	}
	newBackend, err := backendFactory(o.backend)
	if err != nil {
		return err
	}
	scs, err := loadAll(s, files)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	for _, sc := range scs {
		base := reportBase(sc)
		if prev, dup := seen[base]; dup {
			return fmt.Errorf("%w: %s and %s would both write %s/%s.json; rename one", ErrUsage, prev, sc.Path, o.out, base)
		}
		seen[base] = sc.Path
	}
	var failed []string
	for _, sc := range scs {
		rep, err := o.runScenario(ctx, sc, newBackend)
		if err != nil {
			return err
		}
		jsonPath, mdPath, err := reports.WriteFiles(o.out, reportBase(sc), rep)
		if err != nil {
			return fmt.Errorf("write report of %q: %w", sc.Metadata.Name, err)
		}
		fmt.Fprint(s.Out, rep.Summary())
		fmt.Fprintf(s.Out, "report: %s, %s\n\n", jsonPath, mdPath)
		if rep.Verdict != reports.VerdictPass {
			failed = append(failed, sc.Metadata.Name)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w: %s", ErrAssertionFailed, strings.Join(failed, ", "))
	}
	return nil
}

// runScenario runs every trial of sc, each on a fresh backend, and returns
// the report (aggregated over trials when there are several).
func (o *runOptions) runScenario(ctx context.Context, sc *scenarios.Scenario, newBackend func() scenarios.Backend) (*reports.Report, error) {
	seed, trials := sc.Spec.Seed, sc.Spec.Trials
	if o.seedSet {
		seed = o.seed
	}
	if o.trials > 0 {
		trials = o.trials
	}
	if trials < 1 {
		trials = 1
	}
	var reps []*reports.Report
	for i := range trials {
		trialSeed := seed + int64(i)
		logging.From(ctx).Info("trial", "scenario", sc.Metadata.Name, "trial", i+1, "seed", trialSeed)
		rep, err := runTrial(ctx, sc, newBackend(), trialSeed)
		if err != nil {
			return nil, err
		}
		reps = append(reps, rep)
	}
	if len(reps) == 1 {
		return reps[0], nil
	}
	return reports.Aggregate(reps), nil
}

func runTrial(ctx context.Context, sc *scenarios.Scenario, b scenarios.Backend, seed int64) (rep *reports.Report, err error) {
	defer func() {
		if cerr := b.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = fmt.Errorf("close %s backend: %w", b.Name(), cerr)
		}
	}()
	tr, err := scenarios.Run(ctx, b, sc, seed)
	if err != nil {
		return nil, err
	}
	return reports.Build(sc, tr, seed), nil
}

// backendFactory returns a constructor for the named backend.
func backendFactory(name string) (func() scenarios.Backend, error) {
	switch name {
	case BackendSim:
		return func() scenarios.Backend { return sim.New() }, nil
	case BackendKind:
		return nil, fmt.Errorf("%w: backend kind: scenario runs on kind clusters are not available yet "+
			"(cluster lifecycle is: see `canarylab cluster up`); use --backend sim", ErrUsage)
	default:
		return nil, fmt.Errorf("%w: unknown backend %q (want %s)", ErrUsage, name, BackendSim)
	}
}

// reportBase names a scenario's report files after its file name.
func reportBase(sc *scenarios.Scenario) string {
	base := filepath.Base(sc.Path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
