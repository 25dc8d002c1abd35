package cli

import "github.com/spf13/cobra"

// TODO(owner of this file): replace this placeholder.
func newRulesCmd() *cobra.Command {
	return &cobra.Command{Use: "rules", Short: "not yet built"}
}
