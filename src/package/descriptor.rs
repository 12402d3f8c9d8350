//! The Frictionless Data Package descriptor (`data/datapackage.json`) of a defcoop package.

use serde_json::{Map, Value, json};

use crate::model::{Dataset, Table, ValueError};
use crate::schema::{record_schema, table_schema};

/// The license of the bundled data, as a Frictionless license object: Creative Commons
/// Attribution 4.0. The facts come from a published article; the selection, normalization and
/// notes are ours, and attribution keeps the chain back to the cited source intact.
pub const DATA_LICENSE: (&str, &str, &str) = (
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "Creative Commons Attribution 4.0",
);

/// The fields of a table in the order of its record type, which is also the order of the
/// columns of its CSV file.
pub fn field_names(table: Table) -> Vec<String> {
    record_schema(table)["properties"]
        .as_object()
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// What a data package says about itself in its descriptor: its name, title, licences and
/// sources. [`PackageMeta::bundled`] is the bundled data's; an importer writing their own
/// package gives their own ([`PackageMeta::new`] and the `with_*` methods).
///
/// ```
/// use defcoop::package::{License, PackageMeta, PackageSource};
///
/// let meta = PackageMeta::new("acme-defense-2025", "ACME's defense-cooperation records")?
///     .with_description("Records derived from ACME's press monitoring.")
///     .with_version("1.0.0")
///     .with_license(License::new("CC-BY-4.0").with_path("https://creativecommons.org/licenses/by/4.0/"))
///     .with_source(PackageSource::new("ACME press monitoring, 2025"));
/// assert_eq!(meta.name(), "acme-defense-2025");
/// assert!(PackageMeta::new("ACME Data", "x").is_err()); // not a Frictionless name
/// # Ok::<(), defcoop::model::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageMeta {
    name: String,
    title: String,
    description: Option<String>,
    version: Option<String>,
    licenses: Vec<License>,
    sources: Vec<PackageSource>,
}

/// A licence of a package, as a Frictionless license object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// The licence's identifier, such as an SPDX id (`CC-BY-4.0`).
    pub name: String,
    /// Where its text is, a URL.
    pub path: Option<String>,
    /// Its title, for people.
    pub title: Option<String>,
}

impl License {
    /// A licence by its identifier (an SPDX id such as `CC-BY-4.0` or `ODbL-1.0`).
    pub fn new(name: impl Into<String>) -> License {
        License {
            name: name.into(),
            path: None,
            title: None,
        }
    }

    /// Sets where the licence's text is.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> License {
        self.path = Some(path.into());
        self
    }

    /// Sets the licence's title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> License {
        self.title = Some(title.into());
        self
    }
}

/// A source of a package as a whole (its `sources` in the descriptor), such as the pipeline or
/// archive the records were derived from. The documents the records cite are listed too, from
/// the `sources` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSource {
    /// What the source is, for people.
    pub title: String,
    /// Where it is, a URL.
    pub path: Option<String>,
}

impl PackageSource {
    /// A source by its title.
    pub fn new(title: impl Into<String>) -> PackageSource {
        PackageSource {
            title: title.into(),
            path: None,
        }
    }

    /// Sets where the source is.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> PackageSource {
        self.path = Some(path.into());
        self
    }
}

/// Whether `name` is a Frictionless package name: lower-case letters, digits and `-._/`.
fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_' | b'/')
        })
}

impl PackageMeta {
    /// A package's metadata from its name (a Frictionless name: lower-case letters, digits and
    /// `-._/`, such as `acme-defense-2025`) and title; no description, version, licence or
    /// source of its own yet.
    pub fn new(
        name: impl Into<String>,
        title: impl Into<String>,
    ) -> Result<PackageMeta, ValueError> {
        let name = name.into();
        if !is_package_name(&name) {
            return Err(ValueError::PackageName { text: name });
        }
        Ok(PackageMeta {
            name,
            title: title.into(),
            description: None,
            version: None,
            licenses: Vec::new(),
            sources: Vec::new(),
        })
    }

    /// The metadata of the bundled package (`data/datapackage.json`).
    pub fn bundled() -> PackageMeta {
        let (name, path, title) = DATA_LICENSE;
        PackageMeta {
            name: "defcoop-bundled".into(),
            title: "defcoop bundled dataset: Azerbaijan and Türkiye at ADEX 2024".into(),
            description: Some("Officials, delegations, meetings, the exhibition and the contracts reported by one article on the meetings of Azerbaijan's minister of defense at the 5th Azerbaijan International Defense Exhibition (ADEX), Baku, September 2024. Every record cites a paragraph of its source and says on what basis it is asserted. Generated by defcoop from the CSV tables and the Rust types; do not edit by hand, regenerate with `cargo run -- schema`.".into()),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            licenses: vec![License::new(name).with_path(path).with_title(title)],
            sources: Vec::new(),
        }
    }

    /// The package's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The package's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Sets the description.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> PackageMeta {
        self.description = Some(description.into());
        self
    }

    /// Sets the version (of the data, such as `1.0.0`).
    #[must_use]
    pub fn with_version(mut self, version: impl Into<String>) -> PackageMeta {
        self.version = Some(version.into());
        self
    }

    /// Adds a licence.
    #[must_use]
    pub fn with_license(mut self, license: License) -> PackageMeta {
        self.licenses.push(license);
        self
    }

    /// Adds a source of the package as a whole; it is listed before the documents of the
    /// `sources` table.
    #[must_use]
    pub fn with_source(mut self, source: PackageSource) -> PackageMeta {
        self.sources.push(source);
        self
    }
}

/// The Frictionless Data Package descriptor of the bundled package holding `dataset`:
/// [`descriptor_with`] and [`PackageMeta::bundled`]. For a package of one's own, call
/// [`descriptor_with`] with one's own [`PackageMeta`].
pub fn descriptor(dataset: &Dataset) -> Value {
    descriptor_with(dataset, &PackageMeta::bundled())
}

/// The Frictionless Data Package descriptor of a package holding `dataset`: the name, title,
/// description, version and licences of `meta`, its sources followed by one per row of the
/// `sources` table, and one tabular resource per table (`<table>.csv`, every table, an empty
/// one with its header only) with its generated Table Schema inline (fields, primary key,
/// foreign keys).
pub fn descriptor_with(dataset: &Dataset, meta: &PackageMeta) -> Value {
    let own = meta.sources.iter().map(|s| {
        let mut source = Map::new();
        source.insert("title".into(), json!(s.title));
        if let Some(path) = &s.path {
            source.insert("path".into(), json!(path));
        }
        Value::Object(source)
    });
    let cited = dataset.sources.iter().map(|s| {
        let mut title = s.publisher.as_str().to_owned();
        if let Some(syndicator) = &s.syndicator {
            title.push_str(&format!(", syndicated by {syndicator}"));
        }
        if let Some(published) = &s.published {
            title.push_str(&format!(", published {published}"));
        }
        if let Some(t) = &s.title {
            title.push_str(&format!(": {t}"));
        }
        match &s.sha256 {
            Some(sha) => title.push_str(&format!(" ({}, sha256 {sha})", s.id)),
            None => title.push_str(&format!(" ({})", s.id)),
        }
        let mut source = Map::new();
        source.insert("title".into(), json!(title));
        if let Some(url) = &s.url {
            source.insert("path".into(), json!(url.as_str()));
        }
        Value::Object(source)
    });
    let sources: Vec<Value> = own.chain(cited).collect();
    let resources: Vec<Value> = Table::ALL
        .iter()
        .map(|&table| {
            json!({
                "name": table.name(),
                "path": format!("{}.csv", table.name()),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
            })
        })
        .collect();
    let licenses: Vec<Value> = meta
        .licenses
        .iter()
        .map(|l| {
            let mut license = Map::new();
            license.insert("name".into(), json!(l.name));
            if let Some(path) = &l.path {
                license.insert("path".into(), json!(path));
            }
            if let Some(title) = &l.title {
                license.insert("title".into(), json!(title));
            }
            Value::Object(license)
        })
        .collect();
    let mut package = Map::new();
    package.insert("profile".into(), json!("tabular-data-package"));
    package.insert("name".into(), json!(meta.name));
    package.insert("title".into(), json!(meta.title));
    if let Some(description) = &meta.description {
        package.insert("description".into(), json!(description));
    }
    if let Some(version) = &meta.version {
        package.insert("version".into(), json!(version));
    }
    if !licenses.is_empty() {
        package.insert("licenses".into(), Value::Array(licenses));
    }
    if !sources.is_empty() {
        package.insert("sources".into(), Value::Array(sources));
    }
    package.insert("resources".into(), Value::Array(resources));
    Value::Object(package)
}
