package io.runnel.tools.dumplog;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * {@code runnel-dump-log.sh}: Kafka's {@code DumpLogSegments}. Reads segment files directly (no broker needed):
 * {@code .log} files through {@link LogFileDump}, {@code .index} and {@code .timeindex} files through
 * {@link IndexFileCheck}. Each file's output starts with {@code Dumping <file>}; index disagreements and
 * non-consecutive offsets are reported on stderr after all files, in Kafka's words.
 *
 * <p>Unlike Kafka, which always exits 0, the exit status is 1 when an index disagrees with its log, so that a
 * script can act on a corrupt index without parsing the report.
 */
public final class DumpLogSegments implements Tool {

    public static void main(String[] args) {
        ToolLauncher.main(new DumpLogSegments(), args);
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("Prints the contents of log segment and index files."
                + " Usage: runnel-dump-log.sh --files A.log[,A.index,A.timeindex] [--print-data-log]");
        final OptionSpec<String> files = tool.parser()
                .accepts("files", "REQUIRED: The comma separated list of data and index log files to be dumped.")
                .withRequiredArg()
                .describedAs("file1, file2, ...")
                .withValuesSeparatedBy(',')
                .ofType(String.class);
        final OptionSpec<Void> printDataLog = tool.parser()
                .accepts(
                        "print-data-log",
                        "If set, printing the messages content when dumping data logs."
                                + " Automatically set if any decoder option is specified.");
        final OptionSpec<Void> deepIteration =
                tool.parser().accepts("deep-iteration", "If set, uses deep instead of shallow iteration.");
        final OptionSpec<Void> verifyIndexOnly = tool.parser()
                .accepts("verify-index-only", "If set, just verify the index log without printing its content.");
        final OptionSpec<Void> indexSanityCheck = tool.parser()
                .accepts(
                        "index-sanity-check",
                        "If set, just checks the index sanity without printing its content. This is the same"
                                + " check that is executed on broker startup to determine if an index needs"
                                + " rebuilding or not.");
        final OptionSpec<Void> skipRecordMetadata =
                tool.parser().accepts("skip-record-metadata", "Whether to skip printing metadata for each record.");
        final OptionSet set;

        Options(String[] args) {
            set = tool.parse(args);
        }
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        ToolOptions.requireAll(options.set, options.files);
        var logDump = new LogFileDump(
                options.set.has(options.deepIteration),
                options.set.has(options.printDataLog),
                options.set.has(options.skipRecordMetadata));
        var indexCheck =
                new IndexFileCheck(options.set.has(options.verifyIndexOnly), options.set.has(options.indexSanityCheck));
        var problems = new ArrayList<IndexProblem>();
        var nonConsecutive = new LinkedHashMap<String, List<long[]>>();
        PrintStream out = io.out();
        for (String name : options.set.valuesOf(options.files)) {
            Path file = Path.of(name.trim());
            if (!Files.isRegularFile(file)) {
                throw new ToolException("File " + file + " does not exist");
            }
            out.println("Dumping " + file);
            String fileName = file.getFileName().toString();
            if (fileName.endsWith(SegmentFileNames.LOG_SUFFIX)) {
                var pairs = logDump.dump(file, out);
                if (!pairs.isEmpty()) {
                    nonConsecutive.put(file.toAbsolutePath().toString(), pairs);
                }
            } else if (fileName.endsWith(SegmentFileNames.INDEX_SUFFIX)) {
                problems.addAll(indexCheck.dumpOffsetIndex(file, out));
            } else if (fileName.endsWith(SegmentFileNames.TIME_INDEX_SUFFIX)) {
                problems.addAll(indexCheck.dumpTimeIndex(file, out));
            } else {
                io.err().println("Ignoring unknown file " + file);
            }
        }
        out.flush();
        report(problems, nonConsecutive, io.err());
        return problems.isEmpty() ? 0 : 1;
    }

    /** Kafka's end-of-run reports, grouped by file and kind. */
    static void report(List<IndexProblem> problems, Map<String, List<long[]>> nonConsecutive, PrintStream err) {
        var byFileAndKind = new LinkedHashMap<String, List<IndexProblem>>();
        for (IndexProblem problem : problems) {
            byFileAndKind
                    .computeIfAbsent(problem.kind() + "\0" + problem.file(), k -> new ArrayList<>())
                    .add(problem);
        }
        for (List<IndexProblem> group : byFileAndKind.values()) {
            IndexProblem first = group.getFirst();
            switch (first.kind()) {
                case OFFSET_MISMATCH -> {
                    err.println("Mismatches in :" + first.file());
                    group.forEach(p -> err.println("  Index offset: " + p.indexed() + ", log offset: " + p.found()));
                }
                case TIMESTAMP_MISMATCH -> {
                    err.println("Found timestamp mismatch in :" + first.file());
                    group.forEach(
                            p -> err.println("  Index timestamp: " + p.indexed() + ", log timestamp: " + p.found()));
                }
                case TIMESTAMP_OUT_OF_ORDER -> {
                    err.println("Found out of order timestamp in :" + first.file());
                    group.forEach(p -> err.println(
                            "  Index timestamp: " + p.indexed() + ", Previously indexed timestamp: " + p.found()));
                }
                case OFFSET_NOT_FOUND -> {
                    err.println("The following indexed offsets are not found in the log.");
                    group.forEach(
                            p -> err.println("Indexed offset: " + p.indexed() + ", found log offset: " + p.found()));
                }
            }
        }
        nonConsecutive.forEach((file, pairs) -> {
            err.println("Non-consecutive offsets in " + file);
            pairs.forEach(pair -> err.println("  " + pair[0] + " is followed by " + pair[1]));
        });
    }
}
