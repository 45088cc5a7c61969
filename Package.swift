// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "flamewalk",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "flamewalk", targets: ["flamewalk"]),
    .executable(name: "flamewalk-bench", targets: ["flamewalk-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    .target(name: "ProfileModel"),
    .target(name: "ProfileFormats", dependencies: ["ProfileModel"]),
    .target(
      name: "Explorer",
      dependencies: ["ProfileModel", .product(name: "TOMLKit", package: "TOMLKit")]
    ),
    .target(name: "Layout", dependencies: ["ProfileModel", "Explorer"]),
    .target(
      name: "CNcurses",
      linkerSettings: [.linkedLibrary("ncursesw")]
    ),
    .target(name: "TerminalUI", dependencies: ["Explorer", "Layout", "CNcurses"]),
    .executableTarget(
      name: "flamewalk",
      dependencies: [
        "ProfileModel", "ProfileFormats", "Explorer", "Layout", "TerminalUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["Demo/demo_program.py"]
    ),
    .executableTarget(
      name: "flamewalk-bench",
      dependencies: ["ProfileModel", "ProfileFormats", "Explorer", "Layout"]
    ),
    .testTarget(
      name: "ProfileFormatsTests",
      dependencies: ["ProfileModel", "ProfileFormats"]
    ),
    .testTarget(
      name: "ExplorerTests",
      dependencies: ["ProfileModel", "ProfileFormats", "Explorer", "Layout"]
    ),
    .testTarget(
      name: "FlamewalkCLITests",
      dependencies: ["flamewalk"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
