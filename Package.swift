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
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .target(name: "ProfileModel"),
    .target(name: "ProfileFormats", dependencies: ["ProfileModel"]),
    .executableTarget(
      name: "flamewalk",
      dependencies: [
        "ProfileModel", "ProfileFormats",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "flamewalk-bench",
      dependencies: ["ProfileModel", "ProfileFormats"]
    ),
    .testTarget(
      name: "ProfileFormatsTests",
      dependencies: ["ProfileModel", "ProfileFormats"]
    ),
    .testTarget(
      name: "FlamewalkCLITests",
      dependencies: ["flamewalk"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
