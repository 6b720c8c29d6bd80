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
