package dev.sfautoscaler.lab;

import dev.sfautoscaler.sandbox.SandboxMain;
import dev.sfautoscaler.sim.Bench;
import dev.sfautoscaler.sim.WhatIf;
import java.util.Arrays;

/** The lab's one command line: {@code bench}, {@code whatif}, {@code sandbox}. */
public final class Lab {

    private Lab() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "bench" -> Bench.main(rest);
            case "whatif" -> WhatIf.main(rest);
            case "sandbox" -> SandboxMain.main(rest);
            default -> {
                System.err.println("usage: lab bench|whatif|sandbox [options]");
                System.exit(2);
            }
        }
    }
}
