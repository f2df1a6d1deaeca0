package app

import "github.com/spf13/cobra"

// Temporary until the real commands land (removed before commit).
func newRunCommand(Streams) *cobra.Command      { return &cobra.Command{Use: "run"} }
func newValidateCommand(Streams) *cobra.Command { return &cobra.Command{Use: "validate"} }
func newClusterCommand(Streams) *cobra.Command  { return &cobra.Command{Use: "cluster"} }
