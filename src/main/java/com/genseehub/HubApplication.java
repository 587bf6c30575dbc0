package com.genseehub;

import java.util.Arrays;

import com.genseehub.home.InitCommand;
import com.genseehub.routes.CheckCommand;
import com.genseehub.simulator.LoadGenerator;
import com.genseehub.simulator.SimulatorCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    public static void main(String[] args) throws Exception {
        // "java -jar gensee-hub.jar simulate ..." plays a class against a running hub instead of starting one
        if (args.length > 0 && args[0].equals("simulate")) {
            System.exit(SimulatorCli.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        // "java -jar gensee-hub.jar load ..." is the benchmark's load generator (bench/run.sh)
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(LoadGenerator.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        // "java -jar gensee-hub.jar init <dir>" writes the shipped application.yaml and routes/ into <dir>
        if (args.length > 0 && args[0].equals("init")) {
            System.exit(InitCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // "java -jar gensee-hub.jar check" checks application.yaml and routes/ without starting the hub
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.runFromCommandLine(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
