// Package cli wires the cobra commands: flags in, one call into the packages, an exit code out.
package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes of cli.md.
const (
	ExitOK         = 0
	ExitViolations = 1
	ExitUsage      = 2
)

// exitError carries an exit code out of a command; its message (if any) has been printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// usageErr makes an error that exits 2 with a message.
func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// NewRoot builds the command tree.
func NewRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "qianshou",
		Short: "牵手计划工作簿合规检查 — compliance checker for the 牵手计划 workbooks",
		Long: "qianshou 读取民政部任务分配表和各省报送的实施方案附表，按 rules.yaml 中的规则检查结对、人员、资金、日期和每个单元格，\n" +
			"输出问题清单（终端表格、JSON、Excel、HTML 等）。\n\n" +
			"qianshou loads the task-allocation table and the provinces' workbooks, runs the rules of rules.yaml\n" +
			"over them and reports every violation with its file, sheet and cell.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newCheckCmd(), newTemplateCmd(), newRulesCmd(), newCountiesCmd(), newVersionCmd())
	return root
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return guard(stderr, func() int { return execute(args, stdin, stdout, stderr) })
}

// guard runs the command and turns a panic — a bug — into exit 2 with a message that says what to
// send the developers, and the stack they need, instead of a bare Go trace.
func guard(stderr io.Writer, command func() int) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "qianshou: 内部错误（程序缺陷）：%v\n请把这条消息、所用的命令和输入文件（如可以）以及 qianshou version 的输出发给开发者。"+
				"(internal error: please send this message, the command, the input files if you can and the output of qianshou version to the developers)\n%s", p, debug.Stack())
			code = ExitUsage
		}
	}()
	return command()
}

func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := NewRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "qianshou:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown flag, unknown command, bad argument count.
	fmt.Fprintln(stderr, "qianshou:", err)
	fmt.Fprintln(stderr, "运行 qianshou --help 查看用法 (see qianshou --help)")
	return ExitUsage
}
