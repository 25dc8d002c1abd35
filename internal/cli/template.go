package cli

import "github.com/spf13/cobra"

// TODO(owner of this file): replace this placeholder.
func newTemplateCmd() *cobra.Command {
	return &cobra.Command{Use: "template", Short: "not yet built"}
}
