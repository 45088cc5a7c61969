// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "flamewalk",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "flamewalk", targets: ["flamewalk"]),
    .executable(name: "flamewalk-bench", targets: ["flamewalk-bench"]),
    .executable(name: "fuzz-pstats", targets: ["fuzz-pstats"]),
    .executable(name: "fuzz-folded", targets: ["fuzz-folded"]),
    .executable(name: "fuzz-input", targets: ["fuzz-input"]),
    .executable(name: "fuzz-speedscope", targets: ["fuzz-speedscope"]),
    .executable(name: "fuzz-cpuprofile", targets: ["fuzz-cpuprofile"]),
    .executable(name: "fuzz-trace", targets: ["fuzz-trace"]),
    .executable(name: "fuzz-perf", targets: ["fuzz-perf"]),
    .executable(name: "fuzz-pyinstrument", targets: ["fuzz-pyinstrument"]),
    .executable(name: "fuzz-pyisession", targets: ["fuzz-pyisession"]),
    .executable(name: "fuzz-austin", targets: ["fuzz-austin"]),
    .executable(name: "fuzz-pprof", targets: ["fuzz-pprof"]),
    .executable(name: "fuzz-callgrind", targets: ["fuzz-callgrind"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    .target(name: "ProfileModel", dependencies: ["CMemory"]),
    .target(
      name: "ProfileFormats",
      dependencies: [
        "ProfileModel", "CZlib", "CSimdjson",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    // simdjson (Debian: libsimdjson-dev) for large JSON: Chrome traces.
    .target(name: "CSimdjson", linkerSettings: [.linkedLibrary("simdjson")]),
    // zlib (Debian: zlib1g-dev) for gzip-compressed pprof files.
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // What a terminal screen is made of: keys, text styles, the grid of cells.
    .target(name: "Screen"),
    .target(
      name: "Explorer",
      dependencies: ["ProfileModel", "Screen", .product(name: "TOMLKit", package: "TOMLKit")]
    ),
    .target(name: "Layout", dependencies: ["ProfileModel", "Screen", "Explorer"]),
    .target(
      name: "CNcurses",
      linkerSettings: [.linkedLibrary("ncursesw")]
    ),
    .target(name: "TerminalUI", dependencies: ["Screen", "CNcurses"]),
    // mallopt (glibc) for how freed memory goes back to the system; cache prefetch hints.
    .target(name: "CMemory"),
    .executableTarget(
      name: "flamewalk",
      dependencies: [
        "ProfileModel", "ProfileFormats", "Screen", "Explorer", "Layout", "TerminalUI", "CMemory",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["Demo/demo_program.py", "Demo/demo_program.prof"]
    ),
    .executableTarget(
      name: "flamewalk-bench",
      dependencies: ["ProfileModel", "ProfileFormats", "Screen", "Explorer", "Layout", "CMemory"]
    ),
    // Fuzzing (scripts/fuzz.sh): one target per importer, sharing the harness.
    .target(name: "FuzzHarness", dependencies: ["ProfileModel", "ProfileFormats", "CFuzzer"]),
    .target(name: "CFuzzer"),
    .executableTarget(
      name: "fuzz-pstats", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-pstats"),
    .executableTarget(
      name: "fuzz-folded", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-folded"),
    .executableTarget(
      name: "fuzz-speedscope", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-speedscope"),
    .executableTarget(
      name: "fuzz-cpuprofile", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-cpuprofile"),
    .executableTarget(
      name: "fuzz-trace", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-trace"),
    .executableTarget(
      name: "fuzz-perf", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-perf"),
    .executableTarget(
      name: "fuzz-pyinstrument", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-pyinstrument"),
    .executableTarget(
      name: "fuzz-pyisession", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-pyisession"),
    .executableTarget(
      name: "fuzz-austin", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-austin"),
    .executableTarget(
      name: "fuzz-pprof", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-pprof"),
    .executableTarget(
      name: "fuzz-callgrind", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-callgrind"),
    .executableTarget(
      name: "fuzz-input", dependencies: ["FuzzHarness", "ProfileFormats"],
      path: "Sources/Fuzz/fuzz-input"),
    // What the tests share: fixture paths and loaders, random programs, explorer helpers.
    .target(
      name: "TestSupport",
      dependencies: ["ProfileModel", "ProfileFormats", "Screen", "Explorer", "Layout"],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "ProfileModelTests",
      dependencies: ["ProfileModel", "ProfileFormats", "TestSupport"]
    ),
    .testTarget(
      name: "ProfileFormatsTests",
      dependencies: ["ProfileModel", "ProfileFormats", "FuzzHarness", "TestSupport"]
    ),
    .testTarget(name: "ScreenTests", dependencies: ["Screen"]),
    .testTarget(
      name: "ExplorerTests",
      dependencies: ["ProfileModel", "ProfileFormats", "Screen", "Explorer", "Layout", "TestSupport"]
    ),
    .testTarget(
      name: "LayoutTests",
      dependencies: ["ProfileModel", "ProfileFormats", "Screen", "Explorer", "Layout", "TestSupport"]
    ),
    .testTarget(
      name: "FlamewalkCLITests",
      dependencies: ["flamewalk"]
    ),
  ],
  swiftLanguageModes: [.v6],
  cxxLanguageStandard: .cxx17
)
