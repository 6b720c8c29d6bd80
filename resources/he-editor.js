// What the pack's node editors share: validators, label functions, and the settings that two
// nodes have in common. Node-RED serves a module's resources/ folder at resources/<module>/,
// and each <node>.html loads this file with
// <script src="resources/node-red-contrib-health-energy/he-editor.js"></script> before its
// registerType. The validators' rules are the ones each node applies to its settings when it
// starts: an empty field takes the default, so it is valid unless the setting is `required`;
// anything else must be a number the node can use, or one of the node's choices. The settings
// that two nodes share come as an object that each spreads into its defaults where the setting
// stands in its dialog (`...he.priceSettings()`). Plain ES5, as the editor runs it unbuilt.
window.HealthEnergyEditor = (function () {
  'use strict';

  function isBlank(v) {
    return v === undefined || v === null || String(v).trim() === '';
  }

  /** A number of at least `min` (and at most `max` when given; whole when `whole`), or empty. */
  function number(min, whole, max) {
    return function (v) {
      if (isBlank(v)) return true;
      var n = Number(v);
      return isFinite(n) && n >= min && (max === undefined || n <= max) && (!whole || n % 1 === 0);
    };
  }

  /**
   * A typed input whose `num` type must hold a number of 0 or more; its other types
   * (msg, flow, global, env) are checked as Node-RED checks a typed input.
   */
  function typedNonNegative(typeField) {
    var numeric = number(0, false);
    return function (v) {
      var t = $('#node-input-' + typeField).val() || this[typeField];
      if (t === 'num') return numeric(v);
      return RED.validators.typedInput(typeField).call(this, v);
    };
  }

  /**
   * A file name pattern as csv-log and history read it (the runtime checks it again): only the
   * time tokens they know (%Y %m %d %H %M, %% for a percent sign), {{field}} names, no
   * character or device name a file name cannot hold, and a path that stays inside the base
   * folder (the runtime applies the same rules to every name it writes).
   */
  function fileNamePattern(v) {
    if (isBlank(v)) return false;
    v = String(v);
    if (/%[^YmdHM%]|%$/.test(v.replace(/%%/g, ''))) return false;
    var fields = v.match(/\{\{[^}]*\}\}/g) || [];
    for (var f = 0; f < fields.length; f++) {
      if (!/^\{\{\s*[\w$\u00C0-\uFFFF-]+(\.[\w$\u00C0-\uFFFF-]+)*\s*\}\}$/.test(fields[f])) return false;
    }
    v = v.replace(/\{\{[^}]*\}\}/g, 'x');
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (/[\u0000-\u001f<>:"|?*]/.test(v) || /^[\\/]/.test(v) || /^[a-zA-Z]:/.test(v)) return false;
    var depth = 0;
    var parts = v.split(/[\\/]+/);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '..') {
        depth--;
        if (depth < 0) return false;
      } else if (parts[i] !== '' && parts[i] !== '.') {
        // Windows' device names (con.csv is the console), whatever the extension.
        var stem = parts[i]
          .replace(/[. ]+$/, '')
          .split('.')[0]
          .trim();
        if (/^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i.test(stem)) return false;
        depth++;
      }
    }
    var last = parts[parts.length - 1];
    return depth > 0 && last !== '' && last !== '.' && last !== '..';
  }

  return {
    isBlank: isBlank,
    /** A number of 0 or more, or empty. */
    nonNegative: number(0, false),
    /** A number of at least `min`, or empty. */
    numberAtLeast: function (min) {
      return number(min, false);
    },
    /** A whole number of at least `min`, or empty. */
    wholeAtLeast: function (min) {
      return number(min, true);
    },
    /** A whole number from `min` to `max`, or empty. */
    wholeBetween: function (min, max) {
      return number(min, true, max);
    },
    /** One of `choices`, compared as text (the editor may hold 2 or "2"). */
    oneOf: function (choices) {
      return function (v) {
        return v !== undefined && v !== null && choices.indexOf(String(v)) >= 0;
      };
    },

    /** A label function: the text of catalogue key `key` in the editor's language. */
    text: function (key) {
      return function () {
        return this._(key);
      };
    },
    /** A node's label: its name, or else the text of catalogue key `key`. */
    nameOr: function (key) {
      return function () {
        return this.name || this._(key);
      };
    },
    /** A node with a name of its own shows it in italics, as Node-RED's core nodes do. */
    labelStyle: function () {
      return this.name ? 'node_label_italic' : '';
    },

    /**
     * Where the CSV files are, for csv-log (which writes them) and history (which reads them
     * back): both start from the same folder, file name and time zone. csv-log's file name is a
     * typed input whose type is held in `typeField`: a fixed name must be a pattern, one read
     * from msg, flow, global or env must not be empty. history's is plain text (no
     * `typeField`): empty means the default file, anything else must be a pattern.
     */
    fileSettings: function (typeField) {
      var settings = { baseDir: { value: '' }, filename: { value: 'vitals.csv' } };
      if (typeField) {
        settings.filename.validate = function (v) {
          var type = $('#node-input-' + typeField).val() || this[typeField] || 'str';
          return type === 'str' ? fileNamePattern(v) : !!v;
        };
        settings[typeField] = { value: 'str' };
      } else {
        settings.filename.validate = function (v) {
          return isBlank(v) || fileNamePattern(v);
        };
      }
      settings.timeZone = { value: 'local' };
      return settings;
    },

    /**
     * The price and carbon intensity settings of energy-meter and energy-probe: each a number
     * of 0 or more, or where to read it (a typed input), and the currency shown with prices.
     */
    priceSettings: function () {
      return {
        price: { value: '', validate: typedNonNegative('priceType') },
        priceType: { value: 'num' },
        currency: { value: '' },
        intensity: { value: '475', validate: typedNonNegative('intensityType') },
        intensityType: { value: 'num' },
      };
    },
    /** In oneditprepare: the price and intensity fields become typed inputs of `types`. */
    priceInputs: function (types) {
      $('#node-input-price').typedInput({ default: 'num', typeField: '#node-input-priceType', types: types });
      $('#node-input-intensity').typedInput({ default: 'num', typeField: '#node-input-intensityType', types: types });
    },
  };
})();
