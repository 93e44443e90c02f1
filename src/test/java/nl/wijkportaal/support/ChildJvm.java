package nl.wijkportaal.support;

/** JVM options for the product JVMs a test starts as processes of their own. */
public final class ChildJvm {

  /**
   * The quick compiler only (C1). Such a JVM lives for seconds: C2 compiling the start-up's code
   * costs more CPU than the compiled code saves, and the suite is CPU-bound on two cores. A cold
   * start of the product (embedded PostgreSQL, migrations, demo data) took ~35 % less CPU with it
   * (8 s instead of 12 s, BENCHMARKS.md "Session 8: suite time"). What the product does is the
   * same; only how fast its code runs differs.
   */
  public static final String QUICK_COMPILER = "-XX:TieredStopAtLevel=1";

  private ChildJvm() {}
}
