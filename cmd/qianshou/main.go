// Command qianshou checks 牵手计划 workbooks against the plan's rules.
package main

import (
	"os"

	"github.com/qianshou/qianshou/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
