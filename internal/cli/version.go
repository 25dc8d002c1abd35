package cli

import (
	"fmt"

	"github.com/qianshou/qianshou"
	"github.com/spf13/cobra"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "显示版本 (print the version)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), "qianshou", qianshou.Version)
			return nil
		},
	}
}
