package io.runnel.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * docs/quickstart.md read as a script: its {@code sh} fenced blocks in order, each with the lines the {@code text}
 * block after it expects in the output. An expected line matches an output line that equals it, {@code ...}
 * standing for any text; the expected lines must appear in order, other lines may come between them.
 */
record QuickstartScript(List<Step> steps) {

    /** One {@code sh} block and what its output must contain. */
    record Step(String commands, List<String> expected) {}

    static QuickstartScript parse(String markdown) {
        var steps = new ArrayList<Step>();
        String fence = null;
        var block = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (fence == null) {
                if (line.startsWith("```sh") || line.startsWith("```text")) {
                    fence = line.substring(3).trim();
                    block.setLength(0);
                }
                continue;
            }
            if (!line.startsWith("```")) {
                block.append(line).append('\n');
                continue;
            }
            if (fence.equals("sh")) {
                steps.add(new Step(block.toString(), List.of()));
            } else if (!steps.isEmpty()) {
                var last = steps.removeLast();
                var expected =
                        block.toString().lines().filter(l -> !l.isBlank()).toList();
                steps.add(new Step(last.commands(), expected));
            }
            fence = null;
        }
        return new QuickstartScript(List.copyOf(steps));
    }

    /** The first expected line not found (in order) in {@code output}, or null when all are. */
    static String firstMissing(List<String> expected, String output) {
        List<String> lines = output.lines().map(String::stripTrailing).toList();
        int from = 0;
        for (String wanted : expected) {
            Pattern pattern = glob(wanted.stripTrailing());
            int found = -1;
            for (int i = from; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).matches()) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return wanted;
            }
            from = found + 1;
        }
        return null;
    }

    private static Pattern glob(String line) {
        var regex = new StringBuilder();
        int start = 0;
        int at;
        while ((at = line.indexOf("...", start)) >= 0) {
            regex.append(Pattern.quote(line.substring(start, at))).append(".*");
            start = at + 3;
        }
        regex.append(Pattern.quote(line.substring(start)));
        return Pattern.compile(regex.toString());
    }
}
