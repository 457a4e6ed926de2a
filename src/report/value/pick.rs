//! One field of a serializable struct, as a template value, without
//! making the others values: the struct is serialized into a serializer
//! that skips every field but the one wanted (and stops there), or that
//! only lists the fields' names.

use minijinja::value::{Serde, Value};
use serde::Serialize;
use serde::ser::{self, Impossible};

/// Field `name` of `item` (a struct) as a template value; `None` when it
/// has no such field or is not a struct.
pub(super) fn field<T: Serialize>(item: &T, name: &str) -> Option<Value> {
    let mut found = None;
    // Finding it stops the serialization with an error, on purpose.
    let _ = item.serialize(Pick {
        want: Want::Field(name, &mut found),
    });
    found
}

/// The names of `item`'s fields (a struct), in the order it serializes them.
pub(super) fn names<T: Serialize>(item: &T) -> Vec<&'static str> {
    let mut names = Vec::new();
    let _ = item.serialize(Pick {
        want: Want::Names(&mut names),
    });
    names
}

enum Want<'a> {
    Field(&'a str, &'a mut Option<Value>),
    Names(&'a mut Vec<&'static str>),
}

struct Pick<'a> {
    want: Want<'a>,
}

/// Why serializing into a [`Pick`] stopped: the field was found, or what
/// was serialized is not a struct.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a struct field")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Stop {
        Stop
    }
}

impl<'a> ser::SerializeStruct for Pick<'a> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<V: ?Sized + Serialize>(&mut self, key: &'static str, value: &V) -> Result<(), Stop> {
        match &mut self.want {
            Want::Field(name, found) if key == *name => {
                **found = Some(Value::from(Serde(value)));
                Err(Stop)
            }
            Want::Field(..) => Ok(()),
            Want::Names(names) => {
                names.push(key);
                Ok(())
            }
        }
    }

    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

/// Every kind of value but a struct stops the serialization.
macro_rules! not_a_struct {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), Stop> { Err(Stop) })*
    };
}

impl<'a> ser::Serializer for Pick<'a> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Impossible<(), Stop>;
    type SerializeTuple = Impossible<(), Stop>;
    type SerializeTupleStruct = Impossible<(), Stop>;
    type SerializeTupleVariant = Impossible<(), Stop>;
    type SerializeMap = Impossible<(), Stop>;
    type SerializeStruct = Pick<'a>;
    type SerializeStructVariant = Impossible<(), Stop>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Pick<'a>, Stop> {
        Ok(self)
    }

    not_a_struct! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<(), Stop> {
        Err(Stop)
    }

    fn serialize_newtype_struct<V: ?Sized + Serialize>(self, _: &'static str, _: &V) -> Result<(), Stop> {
        Err(Stop)
    }

    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<(), Stop> {
        Err(Stop)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop)
    }
}
