package vn.hoctap;

/** The language of explanations and data-problem texts. */
public enum Lang { VI, EN }
