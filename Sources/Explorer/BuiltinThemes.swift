/// The theme files of `themes/`, compiled in so that the binary works from anywhere.
/// `ThemeTests` checks that these texts equal the files.
enum BuiltinThemes {
  static let texts: [String: String] = [
    "default": #"""
    # flamewalk theme: default (dark terminals, warm flame palette).
    # Colours: a name (black, red, green, yellow, blue, magenta, cyan, white, bright-black …
    # bright-white, default), a 256-colour index (0–255) or "#rrggbb". Attributes: bold, dim,
    # reverse, underline, italic (true/false).
    name = "default"

    [frames]
    # Frame backgrounds; one library (package) always gets the same one.
    palette = [166, 172, 178, 130, 136, 208, 173, 179, 137, 131]
    fg = "black"

    [styles.normal]
    fg = "default"
    bg = "default"

    [styles.header]
    fg = "white"
    bg = 24
    bold = true

    [styles.breadcrumb]
    fg = 153
    bg = 24

    [styles.status]
    fg = "white"
    bg = 236

    [styles.message]
    fg = 222

    [styles.prompt]
    fg = "white"
    bold = true

    [styles.selected]
    fg = "white"
    bg = 19
    bold = true

    [styles.match]
    fg = "black"
    bg = 51
    bold = true

    [styles.gap]
    fg = "white"
    bg = 124
    bold = true

    [styles.recursion]
    fg = 250
    bg = 60

    [styles.pruned]
    fg = 244
    bg = 238

    [styles.unattributed]
    fg = "white"
    bg = 88

    [styles.uncertain]
    # Attributes of the dashes (╌) that mark the part of an estimated frame the call graph
    # cannot pin to its path.
    dim = true

    [styles.dim]
    fg = 244

    [styles.table-header]
    fg = "white"
    bold = true
    underline = true

    [styles.help]
    fg = "white"
    bg = 237
    """#,
    "light": #"""
    # flamewalk theme: light (for light terminal backgrounds).
    name = "light"

    [frames]
    palette = [216, 222, 223, 180, 187, 215, 229, 186, 224, 217]
    fg = "black"

    [styles.normal]
    fg = "default"
    bg = "default"

    [styles.header]
    fg = "black"
    bg = 153
    bold = true

    [styles.breadcrumb]
    fg = 17
    bg = 153

    [styles.status]
    fg = "black"
    bg = 253

    [styles.message]
    fg = 94

    [styles.prompt]
    fg = "black"
    bold = true

    [styles.selected]
    fg = "white"
    bg = 25
    bold = true

    [styles.match]
    fg = "black"
    bg = 87
    bold = true

    [styles.gap]
    fg = "white"
    bg = 160
    bold = true

    [styles.recursion]
    fg = "black"
    bg = 146

    [styles.pruned]
    fg = 242
    bg = 252

    [styles.unattributed]
    fg = "white"
    bg = 131

    [styles.uncertain]
    # Attributes of the dashes (╌) that mark the part of an estimated frame the call graph
    # cannot pin to its path.
    dim = true

    [styles.dim]
    fg = 244

    [styles.table-header]
    fg = "black"
    bold = true
    underline = true

    [styles.help]
    fg = "black"
    bg = 255
    """#,
    "mono": #"""
    # flamewalk theme: mono (no colour at all: attributes only). Used for --no-color and NO_COLOR.
    name = "mono"

    [frames]
    # Frames are bars in reverse video; the selection stands out by not being reversed.
    palette = ["default"]
    fg = "default"
    reverse = true

    [styles.normal]

    [styles.header]
    reverse = true
    bold = true

    [styles.breadcrumb]
    reverse = true

    [styles.status]
    reverse = true

    [styles.message]
    bold = true

    [styles.prompt]
    bold = true

    [styles.selected]
    bold = true
    underline = true

    [styles.match]
    underline = true
    bold = true

    [styles.gap]
    bold = true

    [styles.recursion]
    dim = true

    [styles.pruned]
    dim = true

    [styles.unattributed]
    underline = true

    [styles.uncertain]
    dim = true

    [styles.dim]
    dim = true

    [styles.table-header]
    bold = true
    underline = true

    [styles.help]
    reverse = true
    """#,
    "colorblind": #"""
    # flamewalk theme: colorblind (blue/orange; no red/green contrast carries meaning).
    name = "colorblind"

    [frames]
    palette = [110, 116, 152, 67, 74, 109, 153, 146, 103, 68]
    fg = "black"

    [styles.normal]
    fg = "default"
    bg = "default"

    [styles.header]
    fg = "white"
    bg = 25
    bold = true

    [styles.breadcrumb]
    fg = 153
    bg = 25

    [styles.status]
    fg = "white"
    bg = 236

    [styles.message]
    fg = 215

    [styles.prompt]
    fg = "white"
    bold = true

    [styles.selected]
    fg = "black"
    bg = 231
    bold = true

    [styles.match]
    fg = "black"
    bg = 226
    bold = true

    [styles.gap]
    fg = "black"
    bg = 208
    bold = true

    [styles.recursion]
    fg = "white"
    bg = 60

    [styles.pruned]
    fg = 244
    bg = 238

    [styles.unattributed]
    fg = "black"
    bg = 214

    [styles.uncertain]
    # Attributes of the dashes (╌) that mark the part of an estimated frame the call graph
    # cannot pin to its path.
    dim = true

    [styles.dim]
    fg = 244

    [styles.table-header]
    fg = "white"
    bold = true
    underline = true

    [styles.help]
    fg = "white"
    bg = 237
    """#,
  ]
}
