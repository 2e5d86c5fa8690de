//! The embedded Carlito fonts (metric-compatible with Calibri, the template's font), shared by
//! the PDF writer, the charts (text measurement) and their rasteriser for DOCX.

/// The family name of the embedded faces, as charts and the PDF name it.
pub const FAMILY: &str = "Carlito";

pub const REGULAR: &[u8] = include_bytes!("../fonts/Carlito-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/Carlito-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../fonts/Carlito-Italic.ttf");
pub const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Carlito-BoldItalic.ttf");

/// All four faces.
pub const ALL: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];
