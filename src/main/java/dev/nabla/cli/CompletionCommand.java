package dev.nabla.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code nabla completion bash}: a completion script of every command and option, from picocli's model of them. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Print a shell completion script for nabla.",
                "bash:  source <(nabla completion bash)   (zsh reads it too, after bashcompinit)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "The shell: bash.")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!shell.equals("bash")) {
            spec.commandLine().getErr().println("nabla completion: error: no completion for '" + shell
                    + "': bash is the shell nabla completes (zsh reads it after bashcompinit)");
            return Main.BAD_INPUT;
        }
        out.print(AutoComplete.bash("nabla", spec.commandLine().getParent()));
        return Main.OK;
    }
}
