package cli

import "github.com/spf13/cobra"

// TODO(owner of this file): replace this placeholder.
func newCheckCmd() *cobra.Command {
	return &cobra.Command{Use: "check", Short: "not yet built"}
}
