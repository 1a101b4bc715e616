package org.vqpop.bench.load;

/**
 * {@code Main WORKLOAD --server NAME --port N --pid PID --users FILE [options]}: runs one workload
 * and prints one JSON line; {@code Main report RESULTS.jsonl} prints the table of medians and the
 * goals; {@code Main charts RESULTS.jsonl OUTDIR LABEL} writes the gnuplot scripts of the charts.
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println("usage: Main logins|download|bigdrop|delete|idle|deliver --server NAME --port N "
          + "--pid PID --users FILE [--option value ...]; Main report FILE; Main charts FILE OUTDIR LABEL");
      System.exit(2);
    }
    if (argv[0].equals("report")) {
      Report.main(argv);
      return;
    }
    if (argv[0].equals("charts")) {
      Charts.main(argv);
      return;
    }
    Args a = new Args(argv, 1);
    Target t = Target.from(a);
    Json result = switch (argv[0]) {
      case "logins" -> Logins.run(t, a);
      case "download" -> Download.run(t, a);
      case "bigdrop" -> BigDrop.run(t, a);
      case "delete" -> Delete.run(t, a);
      case "idle" -> Idle.run(t, a);
      case "deliver" -> Deliver.run(t, a);
      case "firstn" -> FirstN.run(t, a);
      default -> throw new IllegalArgumentException("unknown workload " + argv[0]);
    };
    if (a.has("round")) {
      result.put("round", Integer.parseInt(a.get("round")));
    }
    System.out.println(result);
  }
}
