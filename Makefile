# OpBX for Java. `make run` serves the product, `make test` runs the suite (see README.md).
MVN        ?= mvn
MVN_FLAGS  ?= -B -q
JAR        := target/opbx.jar
# The jar's class-data archive (AppCDS): its classes loaded and verified once, mapped at every later start.
JSA        := target/opbx.jsa
JAVA_RUN   := java -XX:SharedArchiveFile=$(JSA) -Xshare:auto
SOURCES    := $(shell find src/main jooq-gen db -type f 2>/dev/null) pom.xml
CODEGEN_CP := target/codegen.classpath

.PHONY: run test jar jooq check-jooq bench soak clean

run: $(JAR) $(JSA)
	$(JAVA_RUN) -jar $(JAR)

jar: $(JAR)

# One start of the jar on embedded stores in a throw-away folder, stopped once healthy: the JVM writes the archive of
# every class it loaded. A failed training only costs the speed-up (-Xshare:auto starts without an archive).
$(JSA): $(JAR)
	@rm -f $(JSA)
	@data=$$(mktemp -d) && port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') && \
	  ( env -u DATABASE_URL -u REDIS_URL OPBX_DATA_DIR="$$data" OPBX_DEMO_BOOTSTRAP=false PORT=$$port OPBX_LOG_LEVEL=error \
	      java -XX:ArchiveClassesAtExit=$(JSA) -jar $(JAR) >"$$data.log" 2>&1 & echo $$! >"$$data.pid" ) && \
	  for i in $$(seq 1 600); do curl -fsS -o /dev/null "http://127.0.0.1:$$port/api/health" 2>/dev/null && \
	    curl -fsS -o /dev/null "http://127.0.0.1:$$port/api/voice/health" && break; sleep 0.2; done; \
	  kill -TERM $$(cat "$$data.pid") 2>/dev/null; while kill -0 $$(cat "$$data.pid") 2>/dev/null; do sleep 0.2; done; \
	  rm -rf "$$data" "$$data.log" "$$data.pid"; \
	  if [ -f $(JSA) ]; then echo "class-data archive $(JSA) written"; else echo "no class-data archive: starting without"; fi

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -Dmaven.test.skip=true package

# Not quiet: Surefire's summary is the record of what ran.
test:
	$(MVN) -B -ntp test

# The classpath the code generator runs with (embedded PostgreSQL, Flyway, jOOQ codegen).
$(CODEGEN_CP): pom.xml
	@mkdir -p target
	$(MVN) $(MVN_FLAGS) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(CODEGEN_CP)

# Regenerate jooq-gen/ from db/migration: embedded PostgreSQL + Flyway + jOOQ codegen, no external database.
jooq: $(CODEGEN_CP)
	java -cp "$$(cat $(CODEGEN_CP))" src/test/java/opbx/tools/JooqCodegen.java db/migration jooq-gen

# Fail when the committed jooq-gen/ differs from what db/migration generates.
check-jooq: $(CODEGEN_CP)
	@tmp=$$(mktemp -d) && \
	java -cp "$$(cat $(CODEGEN_CP))" src/test/java/opbx/tools/JooqCodegen.java db/migration "$$tmp" >"$$tmp.log" 2>&1 \
		|| { cat "$$tmp.log"; exit 1; }; \
	if diff -r jooq-gen "$$tmp" >"$$tmp.diff"; then echo "jooq-gen/ is up to date."; rm -rf "$$tmp" "$$tmp.log" "$$tmp.diff"; \
	else echo "jooq-gen/ differs from db/migration: run 'make jooq' and commit the result."; head -50 "$$tmp.diff"; exit 1; fi

# Routing (wrk at 8 and 32 connections, open loop at a fixed rate), what a decision costs (SQL, Redis), CDR ingestion
# beside pgbench, cold start beside a hello-world Javalin and reads on a million CDRs, each beside a baseline of the
# same run, driven from other processes; the report goes to target/bench/report.md (docs/benchmarks.md is updated from
# a quiet run by hand). Needs wrk and pgbench (apt-get install wrk postgresql-client). OPBX_BENCH_QUERIES=0 skips the
# million-CDR reads. The run takes minutes: it works on a copy of the classes, so a rebuild meanwhile cannot break it.
bench: $(CODEGEN_CP) $(JAR) $(JSA)
	$(MVN) $(MVN_FLAGS) test-compile
	rm -rf target/bench && mkdir -p target/bench && cp -r target/classes target/test-classes target/bench/
	java -cp "target/bench/classes:target/bench/test-classes:$$(cat $(CODEGEN_CP))" opbx.tools.Bench target/bench/report.md

# Two instances (child JVMs) on one PostgreSQL and one Redis (DATABASE_URL / REDIS_URL, else embedded) under routing and
# CDR webhooks at SOAK_RATE req/s (100) for SOAK_SECONDS (120); figures in docs/reliability.md. Not in CI; exit 1 on any
# error, lost or duplicated row. Works on a copy of the classes, as bench does.
soak: $(CODEGEN_CP)
	$(MVN) $(MVN_FLAGS) test-compile
	rm -rf target/soak && mkdir -p target/soak && cp -r target/classes target/test-classes target/soak/
	java -cp "target/soak/classes:target/soak/test-classes:$$(cat $(CODEGEN_CP))" opbx.tools.Soak docs/reliability.md

clean:
	$(MVN) $(MVN_FLAGS) clean
