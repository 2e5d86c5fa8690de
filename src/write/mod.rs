//! The writers: each a pure function from the IR to the bytes of one format.

pub mod docx;
pub mod html;
pub mod pdf;
