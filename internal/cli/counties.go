package cli

import "github.com/spf13/cobra"

// TODO(owner of this file): replace this placeholder.
func newCountiesCmd() *cobra.Command {
	return &cobra.Command{Use: "counties", Short: "not yet built"}
}
