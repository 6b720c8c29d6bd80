// Validators shared by the pack's node editors. Node-RED serves a module's resources/ folder
// at resources/<module>/, and each <node>.html loads this file with
// <script src="resources/node-red-contrib-health-energy/he-editor.js"></script> before its
// registerType. The rules are the ones each node applies to its settings when it starts: an
// empty field takes the default, so it is valid unless the setting is `required`; anything
// else must be a number the node can use, or one of the node's choices. Plain ES5, as the
// editor runs it unbuilt.
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
    /**
     * A file name pattern as csv-log and history read it (the runtime checks it again): only the
     * time tokens they know (%Y %m %d %H %M, %% for a percent sign), {{field}} names, no
     * character or device name a file name cannot hold, and a path that stays inside the base
     * folder (the runtime applies the same rules to every name it writes).
     */
    fileNamePattern: function (v) {
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
    },
    /**
     * A typed input whose `num` type must hold a number of 0 or more; its other types
     * (msg, flow, global, env) are checked as Node-RED checks a typed input.
     */
    typedNonNegative: function (typeField) {
      var numeric = number(0, false);
      return function (v) {
        var t = $('#node-input-' + typeField).val() || this[typeField];
        if (t === 'num') return numeric(v);
        return RED.validators.typedInput(typeField).call(this, v);
      };
    },
  };
})();
