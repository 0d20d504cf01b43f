package dev.genlab.compare;

import dev.genlab.api.GenLabException;
import dev.genlab.cli.Subcommand;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.RunParameters;
import dev.genlab.tracking.mlflow.MlflowConnection;
import dev.genlab.tracking.rest.MlflowApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code genlab compare}: runs side by side on the console, and in an HTML report that is also logged to MLflow.
 * Every problem (a bad option, an unknown run or experiment, a server that does not answer) is one line and
 * exit status 2.
 */
public final class CompareCommand implements Subcommand {
    private static final int INVALID = 2;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String usage() {
        return "Comparing runs:" + System.lineSeparator() + CompareArguments.USAGE;
    }

    @Override
    public int execute(List<String> args, Path workDir, PrintStream out, PrintStream err) {
        boolean verbose = args.contains("--verbose") || args.contains("-v");
        try {
            CompareArguments arguments = CompareArguments.parse(args);
            if (arguments.help()) {
                out.print(usage());
                return 0;
            }
            compare(arguments, workDir, out, err);
            return 0;
        } catch (GenLabException e) {
            err.println("error [" + e.category().name().toLowerCase(Locale.ROOT) + "]: " + oneLine(e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return INVALID;
        }
    }

    private static void compare(CompareArguments arguments, Path workDir, PrintStream out, PrintStream err) {
        try (MlflowConnection connection = MlflowConnection.open(arguments.trackingUri(), workDir, System.getenv(),
                err::println)) {
            MlflowApi api = connection.api();
            RunSelection selection = RunSelection.of(arguments, api, connection.uri());
            err.println("Reading " + selection.runs().size() + " runs from " + connection.uri() + " ...");
            List<ComparedRun> runs = selection.runs().stream().map(run -> RunLoader.load(api, run)).toList();
            PluginRegistry registry = PluginRegistry.discover();
            Comparison comparison = Comparison.of(selection.runs(),
                    (params, key) -> RunParameters.defaultValue(registry, params, key));
            out.println(selection.title() + ":");
            out.print(ConsoleTable.render(comparison));
            List<String> urls = selection.runs().stream().map(run -> api.runUrl(run.experimentId(), run.runId()))
                    .toList();
            byte[] html = HtmlReport.render(selection.title(), comparison, runs, urls)
                    .getBytes(StandardCharsets.UTF_8);
            Path file = workDir.resolve(arguments.out().orElse(Path.of("genlab-compare-"
                    + LocalDateTime.now().format(FILE_TIME) + ".html"))).normalize();
            write(file, html);
            out.println("Report: " + file);
            if (arguments.log()) {
                MlflowApi.CreatedRun logged = ReportLog.log(api, selection, file.getFileName().toString(), html);
                out.println("Logged to run '" + logged.runName() + "' (" + logged.runId() + ")"
                        + (connection.local() ? "" : ": " + api.runUrl(logged.experimentId(), logged.runId())));
            }
        }
    }

    /** Whole or not at all: a report cut short by a full disk must not look like one. */
    private static void write(Path file, byte[] content) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path partial = directory.resolve("." + file.getFileName() + ".part");
            try {
                Files.write(partial, content);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "--out " + file + ": cannot write the report ("
                    + e + ")", e);
        }
    }

    private static String oneLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
